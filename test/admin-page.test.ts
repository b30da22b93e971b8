// The /admin page in headless Chromium against the real API: an administrator of a county of the
// test's own types the key, sees the directory and changes it, and drives one timer-policy change
// through the page (a dry run that changes nothing, then apply). A screenshot of the page is left
// in screenshots/ (git-ignored) for a person to look at.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { generateApiKey } from '../common/api-keys';
import { openBrowserPage, type BrowserPage } from './support/browser';
import { serveApi, type TestApi } from './support/api';
import { startStack, type TestStack } from './support/stack';

let stack: TestStack;
let api: TestApi;
let browser: BrowserPage;

const run = randomUUID().slice(0, 8);
const COUNTY = `Admin Page Test County ${run}`;
const DA = `ap${run}-da`;
const EMAIL = `mdt-${run}@page.test.example`;
let adminKey = '';

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
  await stack.db.agency.create({ data: { id: DA, name: 'Page Test District Attorney', type: 'DA', county: COUNTY, designated: true } });
  await stack.db.representative.create({ data: { agencyId: DA, role: 'MDT_COORDINATOR', email: EMAIL, displayName: 'Page test coordinator', onCall: false } });
  const { key, prefix, secretHash } = generateApiKey();
  await stack.db.apiKey.create({ data: { agencyId: DA, admin: true, label: 'admin page test key', prefix, secretHash } });
  adminKey = key;
  browser = await openBrowserPage();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await stack?.close();
});

test('the page is static: one same-origin script, nothing inline, and no key needed to load it', async () => {
  const page = await fetch(`${api.base}/admin`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  const html = await page.text();
  expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/admin/admin.js" defer>']);
  expect(html).not.toMatch(/\son[a-z]+=/i);
  const script = await fetch(`${api.base}/admin/admin.js`);
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toMatch(/javascript/);
});

test('with the key typed in (kept in sessionStorage, never in the URL) the page shows the directory and changes it', async () => {
  const { page } = browser;
  await page.goto(`${api.base}/admin`);
  await page.fill('#api-key', adminKey);
  await page.click('#key-form button[type=submit]');
  const row = page.locator('#rep-table tbody tr', { hasText: EMAIL });
  await row.waitFor();
  expect(await page.locator('#agency-table tbody').innerText()).toContain('Page Test District Attorney');
  expect(await page.evaluate("sessionStorage.getItem('csec-admin-key')")).toBe(adminKey);
  expect(page.url()).toBe(`${api.base}/admin`);

  await row.getByRole('button', { name: 'Put on call' }).click();
  await row.getByRole('button', { name: 'Take off call' }).waitFor();
  expect((await stack.db.representative.findFirst({ where: { email: EMAIL } }))?.onCall).toBe(true);
  const audited = await stack.db.auditEvent.findFirst({ where: { action: 'api.directory.representative.update', actor: DA } });
  expect(audited?.detail).toMatchObject({ county: COUNTY, old: { onCall: false }, new: { onCall: true } });
});

test('a timer-policy change through the page: the dry run changes nothing, apply does', async () => {
  const { page } = browser;
  const policyOf = async () => {
    const res = await api.call('GET', '/v1/admin/timer-policies', { key: adminKey });
    expect(res.status).toBe(200);
    return res.body.policies.find((p: { obligation: string; step: string }) => p.obligation === 'le-contact' && p.step === 'advocate-response');
  };
  // Rows other suites left (all counties) would stand in for the MOU default.
  await stack.db.timerPolicy.deleteMany({ where: { county: { in: [COUNTY, ''] }, obligation: 'le-contact', step: 'advocate-response' } });
  const before = await policyOf();
  expect(before.value.acknowledgeWithinSeconds).toBe(900);

  await page.click('button[data-policy="le-contact/advocate-response"]');
  await page.fill('#policy-form [name=acknowledgeWithinSeconds]', '600');
  await page.fill('#policy-form [name=reason]', 'County protocol: advocates acknowledge within 10 minutes');
  await page.selectOption('#policy-form [name=scope]', 'new');
  expect(await page.isDisabled('#apply')).toBe(true);

  await page.click('#dry-run');
  await page.locator('#policy-result', { hasText: 'Would set: acknowledge within 10 min' }).waitFor();
  expect(await page.isEnabled('#apply')).toBe(true);
  expect((await policyOf()).value).toEqual(before.value);

  await page.click('#apply');
  await page.locator('#policy-result', { hasText: 'Set: acknowledge within 10 min' }).waitFor();
  const after = await policyOf();
  expect(after.value).toEqual({ ...before.value, acknowledgeWithinSeconds: 600 });
  expect(after.lastChange).toMatchObject({ by: DA, scope: 'new', reason: 'County protocol: advocates acknowledge within 10 minutes' });
  await page.locator('#policy-table tbody tr', { hasText: 'advocate-response' }).filter({ hasText: '10 min' }).first().waitFor();

  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: 'screenshots/admin-page.png', fullPage: true });
}, 90_000);
