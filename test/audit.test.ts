// Every refusal leaves exactly one audit row (caller, route pattern, process and step when
// valid, status and code), written before the answer; rate limits, demo keys, security headers
// and the request log's redaction, all over real HTTP against the test stack.
import { createLinkSigner } from '../common/links';
import { startApi } from '../api/main';
import { generateApiKey } from '../common/api-keys';
import { loadConfig } from '../common/config';
import { createLogger } from '../common/log';
import { openDb } from '../common/db';
import { DEMO_API_KEYS } from '../prisma/seed';
import { captureLog, processPath, registerYouth, serveApi, settled, type TestApi } from './support/api';
import { request } from './support/http';
import { startStack, TEST_LINK_SECRET, testSecretsEnv, uniqueRef, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
let stack: TestStack;
let api: TestApi;
const served: TestApi[] = [];

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
});
afterAll(async () => {
  for (const s of [api, ...served]) await s?.close();
  await stack?.close();
});

async function serve(...args: Parameters<typeof serveApi> extends [unknown, ...infer R] ? R : never): Promise<TestApi> {
  const s = await serveApi(stack, ...args);
  served.push(s);
  return s;
}

/** The refusal rows one call leaves. */
async function refusalRows(act: () => Promise<unknown>) {
  const last = await stack.db.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  await act();
  return stack.db.auditEvent.findMany({ where: { id: { gt: last?.id ?? 0n }, action: 'api.refused' }, orderBy: { id: 'asc' } });
}

async function oneRefusal(act: () => Promise<{ status: number }>, expected: Record<string, unknown>) {
  let status = 0;
  const rows = await refusalRows(async () => ({ status } = await act()));
  expect(rows).toHaveLength(1);
  const [row] = rows;
  expect({ actor: row.actor, workflowId: row.workflowId, stepId: row.stepId, ...(row.detail as object) }).toEqual({
    workflowId: null,
    stepId: null,
    status,
    ...expected,
  });
  expect(Date.now() - row.at.getTime()).toBeLessThan(60_000);
}

const newEncounter = () => ({
  youthRef: uniqueRef(),
  encounterId: `E-${Math.random().toString(36).slice(2, 10)}1`,
  encounterType: 'AT_RISK_CONTACT',
  occurredAt: new Date().toISOString(),
});

describe('refusals are audited, one row each', () => {
  let processId: string;
  const advocateStep = () => `${processPath(processId)}/steps/advocate-response`;

  beforeAll(async () => {
    const youthRef = await registerYouth(api, keys.sheriff.key);
    const res = await api.call('POST', '/v1/encounters', { key: keys.sheriff.key, body: { ...newEncounter(), youthRef } });
    processId = res.body.processId;
    await settled(api, processId, keys.da.key, 3);
  });

  test('401 without a key: anonymous, the route pattern and the (valid) process id', async () => {
    await oneRefusal(() => api.call('GET', processPath(processId)), {
      actor: 'anonymous',
      workflowId: processId,
      method: 'GET',
      route: '/v1/processes/:processId',
      code: 'UNAUTHENTICATED',
    });
  });

  test('401 with a wrong key, on a step route', async () => {
    const { key } = generateApiKey(); // well-formed, not stored
    await oneRefusal(() => api.call('POST', `${advocateStep()}/acknowledge`, { key }), {
      actor: 'anonymous',
      workflowId: processId,
      stepId: 'advocate-response',
      method: 'POST',
      route: '/v1/processes/:processId/steps/:stepId/acknowledge',
      code: 'UNAUTHENTICATED',
    });
  });

  test('403: the caller, never the body', async () => {
    await oneRefusal(() => api.call('POST', '/v1/encounters', { key: keys.advocacy.key, body: newEncounter() }), {
      actor: 'demo-advocacy',
      method: 'POST',
      route: '/v1/encounters',
      code: 'FORBIDDEN',
    });
  });

  test('404 PROCESS_NOT_FOUND', async () => {
    const missing = 'le-contact/Y-7K3M9Q2XHT-7/demo-sheriff/0FQ8D3W6ZK1MX7TB';
    await oneRefusal(() => api.call('GET', processPath(missing), { key: keys.da.key }), {
      actor: 'demo-da',
      workflowId: missing,
      method: 'GET',
      route: '/v1/processes/:processId',
      code: 'PROCESS_NOT_FOUND',
    });
  });

  test('a refused Update (acknowledging twice)', async () => {
    expect((await api.call('POST', `${advocateStep()}/acknowledge`, { key: keys.advocacy.key })).status).toBe(200);
    await oneRefusal(() => api.call('POST', `${advocateStep()}/acknowledge`, { key: keys.advocacy.key }), {
      actor: 'demo-advocacy',
      workflowId: processId,
      stepId: 'advocate-response',
      method: 'POST',
      route: '/v1/processes/:processId/steps/:stepId/acknowledge',
      code: 'WRONG_STATE',
    });
  });

  test('a junk process id is not recorded; an unknown route is recorded as no route, not its URL', async () => {
    await oneRefusal(() => api.call('GET', `/v1/processes/${encodeURIComponent('<script>junk')}`, { key: keys.da.key }), {
      actor: 'demo-da',
      method: 'GET',
      route: '/v1/processes/:processId',
      code: 'VALIDATION_FAILED',
    });
    await oneRefusal(() => api.call('GET', '/v1/no/such/Jane-Doe', { key: keys.da.key }), {
      actor: 'demo-da',
      method: 'GET',
      route: '(no route)',
      code: 'NOT_FOUND',
    });
    await oneRefusal(() => api.call('DELETE', '/v1/encounters', { key: keys.da.key }), {
      actor: 'demo-da',
      method: 'DELETE',
      route: '/v1/encounters',
      code: 'METHOD_NOT_ALLOWED',
    });
  });

  test('links: invalid (anonymous), expired and used (the link’s agency), as JSON or as a page', async () => {
    const sign = (now = Date.now) =>
      createLinkSigner(TEST_LINK_SECRET, 3600, now).sign({ wid: processId, step: 'advocate-response', action: 'complete', agency: 'demo-advocacy' });
    const link = { method: 'GET', route: '/v1/links/:token' };
    await oneRefusal(() => api.call('GET', '/v1/links/garbage'), { ...link, actor: 'anonymous', code: 'VALIDATION_FAILED' });
    const token = sign();
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await oneRefusal(() => api.call('GET', `/v1/links/${tampered}`), { ...link, actor: 'anonymous', code: 'LINK_INVALID' });
    const linked = { ...link, actor: 'link:demo-advocacy', workflowId: processId, stepId: 'advocate-response' };
    await oneRefusal(() => api.call('GET', `/v1/links/${sign(() => Date.now() - 2 * 3600_000)}`), { ...linked, code: 'LINK_EXPIRED' });
    expect((await api.call('POST', `/v1/links/${token}`)).status).toBe(200);
    await oneRefusal(() => api.call('POST', `/v1/links/${token}`), { ...linked, method: 'POST', code: 'LINK_USED' });
    const browser = { accept: 'text/html' };
    await oneRefusal(() => api.call('GET', `/v1/links/${token}`, { headers: browser }), { ...linked, code: 'LINK_USED' });
  });

  test('a failing audit write is logged loudly and the refusal still answered', async () => {
    const { log, text } = captureLog();
    const brokenDb = openDb('postgresql://nobody:wrong@127.0.0.1:1/none');
    const broken = await serve({ db: brokenDb, log });
    try {
      const res = await broken.call('GET', processPath(processId));
      expect([res.status, res.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(text()).toContain('AUDIT WRITE FAILED');
    } finally {
      await brokenDb.$disconnect();
    }
  });
});

describe('rate limits', () => {
  test('per key: over the limit is 429 RATE_LIMITED with Retry-After, audited once per window', async () => {
    const limited = await serve({ rateLimits: { windowSeconds: 60, perKey: 2, perIp: 1000 } });
    const path = '/v1/admin/holidays';
    for (let i = 0; i < 2; i++) expect((await limited.call('GET', path, { key: keys.admin.key })).status).toBe(200);
    let over: Awaited<ReturnType<TestApi['call']>> | undefined;
    const rows = await refusalRows(async () => {
      over = await limited.call('GET', path, { key: keys.admin.key });
      await limited.call('GET', path, { key: keys.admin.key });
    });
    expect([over!.status, over!.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(over!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(rows.map((r) => [r.actor, (r.detail as { code: string }).code])).toEqual([['demo-da', 'RATE_LIMITED']]);
    // Another key is not limited.
    expect((await limited.call('GET', path, { key: keys.da.key })).status).not.toBe(429);
  });

  test('per address: refused requests count, so probing without a key is limited', async () => {
    const limited = await serve({ rateLimits: { windowSeconds: 60, perKey: 1000, perIp: 3 } });
    for (let i = 0; i < 5; i++) expect((await limited.call('GET', '/health')).status).toBe(200); // answered: not counted
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.call('GET', '/v1/admin/holidays')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('npm run api (startApi)', () => {
  test('behind a trusted proxy, refusals count per forwarded client address', async () => {
    const config = loadConfig({
      ...testSecretsEnv(),
      DATABASE_URL: process.env.CSEC_TEST_DATABASE_URL,
      TEMPORAL_ADDRESS: process.env.CSEC_TEST_TEMPORAL_ADDRESS,
      LINK_SECRET: TEST_LINK_SECRET,
      CSEC_DEMO: 'true',
      API_PORT: '0',
      API_TRUST_PROXY: '1',
      RATE_LIMIT_PER_IP: '2',
    });
    const running = await startApi(config, createLogger('api', 'silent'));
    try {
      const at = `http://127.0.0.1:${(running.server.address() as { port: number }).port}`;
      const from = async (client: string) => (await request('GET', '/v1/admin/holidays', { at, headers: { 'x-forwarded-for': client } })).status;
      expect([await from('203.0.113.1'), await from('203.0.113.1'), await from('203.0.113.1')]).toEqual([401, 401, 429]);
      expect(await from('203.0.113.2')).toBe(401); // another client behind the same proxy is not limited
    } finally {
      await running.close();
    }
  });
});

describe('demo keys and headers', () => {
  test('outside demo mode the demo keys are refused; a provisioned key works', async () => {
    const production = await serve({ demo: false });
    const demo = await production.call('GET', '/v1/admin/holidays', { key: keys.admin.key });
    expect([demo.status, demo.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const { key, prefix, secretHash } = generateApiKey();
    await stack.db.apiKey.create({ data: { agencyId: 'demo-da', label: 'test admin', prefix, secretHash, admin: true } });
    expect((await production.call('GET', '/v1/admin/holidays', { key })).status).toBe(200);
  });

  test('outside demo mode the API does not start while live demo keys are in its database', async () => {
    const config = loadConfig({ ...testSecretsEnv(), DATABASE_URL: process.env.CSEC_TEST_DATABASE_URL, LINK_SECRET: TEST_LINK_SECRET, CSEC_DEMO: 'false' });
    await expect(startApi(config, createLogger('api', 'silent'))).rejects.toThrow(/live demo API keys \(demo.*\) but CSEC_DEMO is not true/);
  });

  test('security headers (helmet) on answers and refusals', async () => {
    for (const res of [await api.call('GET', '/health'), await api.call('GET', '/v1/encounters')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});

describe('request log', () => {
  test('one JSON line per request, with the route and caller but no key, link token or body', async () => {
    const { log, lines, text } = captureLog();
    const logged = await serve({ log });
    const token = createLinkSigner(TEST_LINK_SECRET, 3600).sign({
      wid: 'le-contact/Y-1-A/demo-sheriff/E-1',
      step: 's',
      action: 'acknowledge',
      agency: 'demo-advocacy',
    });
    await logged.call('POST', '/v1/encounters', { key: keys.sheriff.key, body: { ...newEncounter(), youthRef: 'Jane Doe' } });
    await logged.call('GET', '/v1/admin/holidays', { headers: { 'x-api-key': keys.admin.key, cookie: 'session=s3cr3t-cookie' } });
    await logged.call('GET', `/v1/links/${token}?t=${token}`);
    const secret = (key: string) => key.split('_')[2];
    for (const leaked of [secret(keys.sheriff.key), secret(keys.admin.key), token.split('.')[1], token.split('.')[0], 's3cr3t-cookie', 'Jane']) {
      expect(text()).not.toContain(leaked);
    }
    const entries = lines.map((l) => JSON.parse(l) as { req?: { method: string; url: string }; route?: string; caller?: string; res?: { statusCode: number } });
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          req: expect.objectContaining({ method: 'POST', url: '/v1/encounters' }),
          route: '/v1/encounters',
          caller: 'demo-sheriff',
          res: { statusCode: 400 },
        }),
        expect.objectContaining({ route: '/v1/admin/holidays', caller: 'demo-da', res: { statusCode: 200 } }),
        expect.objectContaining({ req: expect.objectContaining({ url: '/v1/links/[redacted]?[redacted]' }), route: '/v1/links/:token' }),
      ]),
    );
  });
});
