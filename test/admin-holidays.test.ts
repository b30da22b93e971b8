// The county's holiday list over real HTTP: administrators of a county manage their own
// county's list; every write is audited.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../api/app';
import { listen } from '../api/listen';
import { generateApiKey } from '../common/api-keys';
import { DEMO_API_KEYS, DEMO_COUNTY } from '../prisma/seed';
import { testApiDeps } from './support/api';
import { request, type Call } from './support/http';
import { startStack, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
let stack: TestStack;
let server: Server;
let base: string;

beforeAll(async () => {
  stack = await startStack();
  server = await listen(createApp(testApiDeps(stack)), 0, '127.0.0.1');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await stack?.close();
});

const call = (method: string, path: string, options: Call = {}) => request(method, path, { at: base, ...options });
const admin = { key: keys.admin.key };
const auditOf = (action: string, date: string) =>
  stack.db.auditEvent.findMany({ where: { action, detail: { path: ['date'], equals: date } }, orderBy: { id: 'asc' } });

test("an administrator lists the county's holidays by date", async () => {
  const res = await call('GET', '/v1/admin/holidays', admin);
  expect(res.status).toBe(200);
  const seeded = res.body.holidays.filter((h: { createdBy: string }) => h.createdBy === 'seed');
  expect(seeded.map((h: { date: string }) => h.date)).toEqual(['2026-12-25', '2027-01-01', '2027-01-18']);
  expect(seeded[0]).toEqual({ date: '2026-12-25', name: 'Christmas Day', createdBy: 'seed', createdAt: expect.any(String) });
  const dates = res.body.holidays.map((h: { date: string }) => h.date);
  expect(dates).toEqual([...dates].sort());
});

test('PUT adds a holiday, again renames it (idempotent), and each write is audited', async () => {
  const date = '2031-07-04';
  const created = await call('PUT', `/v1/admin/holidays/${date}`, { ...admin, body: { name: 'Independence Day' } });
  expect(created.status).toBe(200);
  expect(created.body).toEqual({ date, name: 'Independence Day', createdBy: 'demo-da', createdAt: expect.any(String) });
  expect(Date.parse(created.body.createdAt)).not.toBeNaN();

  const renamed = await call('PUT', `/v1/admin/holidays/${date}`, { ...admin, body: { name: '  Fourth of July ' } });
  expect(renamed.status).toBe(200);
  expect(renamed.body).toEqual({ ...created.body, name: 'Fourth of July' });
  expect(await stack.db.holiday.count({ where: { county: DEMO_COUNTY, date } })).toBe(1);

  const listed = await call('GET', '/v1/admin/holidays', admin);
  expect(listed.body.holidays).toContainEqual(renamed.body);

  const audited = await auditOf('api.holiday.put', date);
  expect(audited.map((a) => [a.actor, a.detail])).toEqual([
    ['demo-da', { county: DEMO_COUNTY, date }],
    ['demo-da', { county: DEMO_COUNTY, date }],
  ]);
});

test('DELETE removes a holiday (204, audited); a date without one is 404 HOLIDAY_NOT_FOUND', async () => {
  const date = '2031-11-27';
  await call('PUT', `/v1/admin/holidays/${date}`, { ...admin, body: { name: 'Thanksgiving' } });
  const removed = await call('DELETE', `/v1/admin/holidays/${date}`, admin);
  expect(removed.status).toBe(204);
  expect(removed.text).toBe('');
  expect(await stack.db.holiday.count({ where: { county: DEMO_COUNTY, date } })).toBe(0);
  expect((await auditOf('api.holiday.delete', date)).map((a) => a.actor)).toEqual(['demo-da']);

  const again = await call('DELETE', `/v1/admin/holidays/${date}`, admin);
  expect(again.status).toBe(404);
  expect(again.body.error.code).toBe('HOLIDAY_NOT_FOUND');
});

test('only administrators: other keys are 403 FORBIDDEN, no key is 401', async () => {
  for (const key of [keys.da.key, keys.sheriff.key]) {
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { name: 'Not allowed' }],
      ['DELETE', undefined],
    ] as const) {
      const path = method === 'GET' ? '/v1/admin/holidays' : '/v1/admin/holidays/2031-01-02';
      const res = await call(method, path, { key, body });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  }
  expect(await stack.db.holiday.count({ where: { date: '2031-01-02' } })).toBe(0);
  expect((await call('GET', '/v1/admin/holidays')).status).toBe(401);
});

test.each([
  ['a day that does not exist', '2027-02-30', { name: 'x' }, ['params.date']],
  ['a month that does not exist', '2027-13-01', { name: 'x' }, ['params.date']],
  ['a date not in YYYY-MM-DD', '12-25-2026', { name: 'x' }, ['params.date']],
  ['a missing name', '2031-03-03', {}, ['body.name']],
  ['a blank name', '2031-03-03', { name: '   ' }, ['body.name']],
  ['an unknown field', '2031-03-03', { name: 'x', county: 'Neighbor County' }, ['body.county']],
])('%s is 400 VALIDATION_FAILED', async (_what, date, body, fields) => {
  const res = await call('PUT', `/v1/admin/holidays/${date}`, { ...admin, body });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION_FAILED');
  expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(fields);
  expect(await stack.db.holiday.count({ where: { date } })).toBe(0);
});

test("another county's administrator manages only that county's list", async () => {
  const neighbor = generateApiKey();
  await stack.db.apiKey.create({
    data: { agencyId: 'neighbor-probation', admin: true, label: 'neighbor admin test key', prefix: neighbor.prefix, secretHash: neighbor.secretHash },
  });
  const put = await call('PUT', '/v1/admin/holidays/2026-12-25', { key: neighbor.key, body: { name: 'Neighbor Christmas' } });
  expect(put.status).toBe(200);
  const theirs = await call('GET', '/v1/admin/holidays', { key: neighbor.key });
  expect(theirs.body.holidays).toEqual([put.body]);
  const ours = await call('GET', '/v1/admin/holidays', admin);
  expect(ours.body.holidays).toContainEqual(expect.objectContaining({ date: '2026-12-25', name: 'Christmas Day' }));
});

test('405 with Allow for other methods; OPTIONS is 204', async () => {
  const list = await call('POST', '/v1/admin/holidays', admin);
  expect(list.status).toBe(405);
  expect(list.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  const one = await call('OPTIONS', '/v1/admin/holidays/2031-01-01', admin);
  expect(one.status).toBe(204);
  expect(one.headers.get('allow')).toBe('PUT, DELETE, OPTIONS');
});

test('the routes are in the OpenAPI document', async () => {
  const { body } = await call('GET', '/openapi.json');
  expect(Object.keys(body.paths['/v1/admin/holidays'])).toEqual(['get']);
  expect(Object.keys(body.paths['/v1/admin/holidays/{date}']).sort()).toEqual(['delete', 'put']);
  expect(body.paths['/v1/admin/holidays/{date}'].delete.responses['404'].description).toContain('HOLIDAY_NOT_FOUND');
  expect(body.components.schemas.Holiday.required).toEqual(['date', 'name', 'createdBy', 'createdAt']);
  expect(body.components.schemas.HolidayChange.additionalProperties).toBe(false);
});
