// The HTTP API over real HTTP, against the real Temporal dev server, PostgreSQL and SMTP
// server of the test stack, with the demo county's API keys.
import { connect } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { generateApiKey } from '../common/api-keys';
import { createLinkSigner, type LinkAction } from '../common/links';
import { DEMO_API_KEYS } from '../prisma/seed';
import { processState } from '../workflows/messages';
import { leContactWorkflowId } from '../common/processes';
import { captureLog, registerYouth, serveApi, settled, type TestApi } from './support/api';
import type { Call } from './support/http';
import { eventually, setTimers, startStack, TEST_CASE_INDEX_KEY, TEST_LINK_SECRET, testLinks, uniqueRef, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
const STEPS = ['advocate-response', 'probation-jjc-notice', 'child-abuse-phone-report', 'child-abuse-written-report'];

let stack: TestStack;
let api: TestApi;
let base: string;
const brokenApis: TestApi[] = [];

beforeAll(async () => {
  stack = await startStack();
  // Long timers: nothing escalates while the API is exercised.
  for (const step of STEPS) {
    await setTimers(stack.db, 'le-contact', step, { acknowledgeWithinSeconds: 3600, completeWithinSeconds: 3600, escalateEverySeconds: 3600 });
  }
  api = await serveApi(stack);
  base = api.base;
});
afterAll(async () => {
  for (const served of [api, ...brokenApis]) await served?.close();
  await stack?.close();
});

/** One HTTP call to the API under test (see support/http.ts for the checks on every error). */
const call = (method: string, path: string, options: Call = {}) => api.call(method, path, options);

const enc = encodeURIComponent;
const newEncounter = (extra: Record<string, unknown> = {}) => ({
  youthRef: uniqueRef(),
  encounterId: `E-1${Math.random().toString(36).slice(2, 10)}`,
  encounterType: 'AT_RISK_CONTACT',
  occurredAt: new Date().toISOString(),
  ...extra,
});

async function report(extra: Record<string, unknown> = {}): Promise<{ processId: string; youthRef: string }> {
  const encounter = newEncounter({ youthRef: await registerYouth(api, keys.sheriff.key), ...extra });
  const res = await call('POST', '/v1/encounters', { key: keys.sheriff.key, body: encounter });
  expect(res.status).toBe(201);
  return { processId: res.body.processId, youthRef: encounter.youthRef };
}

/** Every encounter opens the advocate's response and the reporting agency's two child-abuse reports. */
const AT_RISK_STEPS = 3;
const stepsOpened = (processId: string, count = AT_RISK_STEPS) => settled(api, processId, keys.da.key, count);

const auditOf = (workflowId: string) => stack.db.auditEvent.findMany({ where: { workflowId, action: { startsWith: 'api.' } }, orderBy: { id: 'asc' } });

describe('public routes', () => {
  test('health answers without a key', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  test('the OpenAPI document is served without a key', async () => {
    const res = await call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/encounters',
        '/v1/processes/{processId}',
        '/v1/youth/{youthRef}/processes',
        '/v1/processes/{processId}/steps/{stepId}/acknowledge',
        '/v1/processes/{processId}/steps/{stepId}/complete',
        '/v1/processes/{processId}/steps/{stepId}/deadline',
        '/v1/processes/{processId}/steps/{stepId}/close',
        '/v1/processes/{processId}/interview-ended',
        '/v1/detentions',
        '/v1/detentions/{processId}/communication-flags',
        '/v1/detentions/{processId}/information-requests',
        '/v1/detentions/{processId}/release-plans',
        '/v1/detentions/{processId}/release',
        '/v1/links/{token}',
      ]),
    );
    expect(res.body.paths['/v1/encounters'].post.description).toContain('ENCOUNTER_EXISTS');
    expect(res.body.paths['/v1/detentions'].post.description).toContain('DETENTION_EXISTS');
    expect(res.body.components.schemas.NewEncounter.additionalProperties).toBe(false);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  test('an unknown route is a 404', async () => {
    for (const method of ['GET', 'OPTIONS', 'DELETE']) {
      const res = await call(method, '/nowhere');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  test('the OpenAPI document states the link token format and the occurredAt window', async () => {
    const { body } = await call('GET', '/openapi.json');
    const token = body.paths['/v1/links/{token}'].get.parameters.find((p: { name: string }) => p.name === 'token').schema;
    expect(token.maxLength).toBe(4096);
    const signed = testLinks().sign({ wid: 'le-contact/Y-1234/demo-sheriff/E-1', step: 'advocate-response', action: 'acknowledge', agency: 'demo-advocacy' });
    expect(signed).toMatch(new RegExp(token.pattern));
    expect('garbage').not.toMatch(new RegExp(token.pattern));

    const occurredAt = body.components.schemas.NewEncounter.properties.occurredAt;
    expect(occurredAt).toMatchObject({ type: 'string', format: 'date-time', 'x-minimum-from-now': '-P366D', 'x-maximum-from-now': 'PT5M' });
    const dueAt = body.components.schemas.DeadlineChange.properties.dueAt;
    expect(dueAt).toMatchObject({ 'x-minimum-from-now': '-P30D', 'x-maximum-from-now': 'P366D' });
    expect(new Date().toISOString()).toMatch(new RegExp(occurredAt.pattern));
    expect('2025-01-31T14:05:00-08:00').toMatch(new RegExp(occurredAt.pattern));
    expect('2025-01-31T14:05:00').not.toMatch(new RegExp(occurredAt.pattern)); // no time zone: refused
  });
});

/** A request written on a raw socket (what fetch will not send), read until the server closes. */
function rawRequest(request: string): Promise<{ statusLine: string; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(request));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const reply = Buffer.concat(chunks).toString('utf8');
      const [head, body] = [reply.slice(0, reply.indexOf('\r\n\r\n')), reply.slice(reply.indexOf('\r\n\r\n') + 4)];
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ statusLine, headers, body });
    });
  });
}

describe('what the HTTP parser refuses', () => {
  test.each([
    ['an over-long URL', 'HEADERS_TOO_LARGE', '431 Request Header Fields Too Large', `GET /health?pad=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: api\r\n\r\n`],
    [
      'an over-long header',
      'HEADERS_TOO_LARGE',
      '431 Request Header Fields Too Large',
      `GET /health HTTP/1.1\r\nHost: api\r\nX-Pad: ${'x'.repeat(20_000)}\r\n\r\n`,
    ],
    ['a header line without a colon', 'BAD_REQUEST', '400 Bad Request', 'GET /health HTTP/1.1\r\nHost: api\r\nnot a header\r\n\r\n'],
    ['a request line that is not HTTP', 'BAD_REQUEST', '400 Bad Request', 'HELLO\r\n\r\n'],
  ])('%s gets %s (%s) in JSON and the connection closes', async (_what, code, status, request) => {
    const reply = await rawRequest(request);
    expect(reply.statusLine).toBe(`HTTP/1.1 ${status}`);
    expect(reply.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', connection: 'close' });
    expect(Number(reply.headers['content-length'])).toBe(Buffer.byteLength(reply.body));
    expect(JSON.parse(reply.body)).toEqual({ error: { code, message: expect.any(String) } });
  });

  test('a fetch client reads the 431 as the JSON error', async () => {
    const res = await call('GET', `/health?pad=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.body.error.code).toBe('HEADERS_TOO_LARGE');
    expect((await call('GET', '/health')).status).toBe(200); // the server serves on
  });
});

describe('methods', () => {
  const processPath = `/v1/processes/${enc('le-contact/Y-1234/demo-sheriff/E-1')}`;
  const stepPath = `${processPath}/steps/advocate-response`;
  const linkPath = '/v1/links/not-a-token';

  test.each([
    ['DELETE', '/health', undefined, 'GET, HEAD, OPTIONS'],
    ['POST', '/openapi.json', undefined, 'GET, HEAD, OPTIONS'],
    ['GET', '/v1/encounters', keys.sheriff.key, 'POST, OPTIONS'],
    ['DELETE', processPath, keys.da.key, 'GET, HEAD, OPTIONS'],
    ['PATCH', '/v1/youth/Y-1234/processes', keys.da.key, 'GET, HEAD, OPTIONS'],
    ['GET', `${stepPath}/acknowledge`, keys.advocacy.key, 'POST, OPTIONS'],
    ['PUT', `${stepPath}/complete`, keys.advocacy.key, 'POST, OPTIONS'],
    ['POST', `${stepPath}/deadline`, keys.admin.key, 'PUT, OPTIONS'],
    ['GET', `${stepPath}/close`, keys.da.key, 'POST, OPTIONS'],
    ['GET', `${processPath}/interview-ended`, keys.sheriff.key, 'POST, OPTIONS'],
    ['GET', '/v1/detentions', keys.probation.key, 'POST, OPTIONS'],
    ['PUT', `/v1/detentions/${enc('detention/Y-1234/demo-probation/B-1')}/release`, keys.probation.key, 'POST, OPTIONS'],
    ['DELETE', linkPath, undefined, 'GET, HEAD, POST, OPTIONS'],
  ])('%s %s is 405 METHOD_NOT_ALLOWED with Allow', async (method, path, key, allow) => {
    const res = await call(method, path, { key });
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe(allow);
  });

  test.each([
    ['/health', undefined, 'GET, HEAD, OPTIONS'],
    ['/v1/encounters', keys.sheriff.key, 'POST, OPTIONS'],
    [`${stepPath}/deadline`, keys.admin.key, 'PUT, OPTIONS'],
    [linkPath, undefined, 'GET, HEAD, POST, OPTIONS'],
  ])('OPTIONS %s is 204 with Allow and no body', async (path, key, allow) => {
    const res = await call('OPTIONS', path, { key });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('content-type')).toBeNull();
    expect(res.text).toBe('');
  });

  test('under /v1 the API key is checked before the method', async () => {
    for (const method of ['OPTIONS', 'DELETE']) {
      const res = await call(method, '/v1/encounters');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('authentication', () => {
  test('no key, a malformed key, a wrong secret and a revoked key are all 401', async () => {
    const wrongSecret = keys.sheriff.key.replace(/-0001$/, '-9999');
    const revoked = generateApiKey();
    await stack.db.apiKey.create({
      data: { agencyId: 'demo-sheriff', label: 'revoked test key', prefix: revoked.prefix, secretHash: revoked.secretHash, revokedAt: new Date() },
    });
    for (const key of [undefined, 'not-a-key', wrongSecret, revoked.key]) {
      const res = await call('POST', '/v1/encounters', { key, body: newEncounter() });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  test('the key is also accepted in X-API-Key', async () => {
    const youthRef = uniqueRef();
    const res = await call('GET', `/v1/youth/${youthRef}/processes`, { headers: { 'x-api-key': keys.advocacy.key } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ youthRef, processes: [] });
  });
});

/** A custody interview starting and ending so many hours from now. */
const interviewAt = (startHours: number, endHours = startHours + 1) => ({
  startsAt: new Date(Date.now() + startHours * 3600_000).toISOString(),
  endsAt: new Date(Date.now() + endHours * 3600_000).toISOString(),
});

describe('POST /v1/encounters', () => {
  const { youthRef: _omit, ...withoutYouthRef } = newEncounter();
  test.each([
    ['a missing youthRef', 'body.youthRef', withoutYouthRef],
    ['a name as youthRef', 'body.youthRef', newEncounter({ youthRef: 'Jane Doe' })],
    ['a capitalised name as youthRef', 'body.youthRef', newEncounter({ youthRef: 'JANEDOE' })],
    ['a birth date as youthRef', 'body.youthRef', newEncounter({ youthRef: '20080314' })],
    ['an SSN-shaped youthRef', 'body.youthRef', newEncounter({ youthRef: '123-45-6789' })],
    ['a name as encounterId', 'body.encounterId', newEncounter({ encounterId: 'Jane.Doe' })],
    ['an unknown encounterType', 'body.encounterType', newEncounter({ encounterType: 'SHOPLIFTING' })],
    ['an occurredAt that is not a date', 'body.occurredAt', newEncounter({ occurredAt: 'yesterday' })],
    ['an occurredAt without a time zone', 'body.occurredAt', newEncounter({ occurredAt: '2025-01-31T14:05:00' })],
    ['an occurredAt far in the future', 'body.occurredAt', newEncounter({ occurredAt: new Date(Date.now() + 3600_000).toISOString() })],
    ['an occurredAt in 1900', 'body.occurredAt', newEncounter({ occurredAt: '1900-01-01T00:00:00Z' })],
    ['an occurredAt over a year ago', 'body.occurredAt', newEncounter({ occurredAt: new Date(Date.now() - 367 * 86_400_000).toISOString() })],
    ['an encounterId over 64 characters', 'body.encounterId', newEncounter({ encounterId: `E-${'1'.repeat(63)}` })],
    [
      'an interview in year 9999',
      'body.interview.endsAt',
      newEncounter({ encounterType: 'CUSTODY_INTERVIEW', interview: { ...interviewAt(1), endsAt: '9999-01-01T00:00:00Z' } }),
    ],
    ['an unknown extra field', 'body.youthName', newEncounter({ youthName: 'Jane Doe' })],
    ['a string for participatedInInvestigation', 'body.participatedInInvestigation', newEncounter({ participatedInInvestigation: 'yes' })],
    ['an array body', 'body', [newEncounter()]],
    ['a custody interview without its times', 'body.interview', newEncounter({ encounterType: 'CUSTODY_INTERVIEW' })],
    ['interview times for another kind of encounter', 'body.interview', newEncounter({ interview: interviewAt(1) })],
    ['an interview that ends before it starts', 'body.interview.endsAt', newEncounter({ encounterType: 'CUSTODY_INTERVIEW', interview: interviewAt(2, 1) })],
    [
      'an interview start that is not a date',
      'body.interview.startsAt',
      newEncounter({ encounterType: 'CUSTODY_INTERVIEW', interview: { ...interviewAt(1), startsAt: 'soon' } }),
    ],
    [
      'an unknown field in the interview',
      'body.interview.room',
      newEncounter({ encounterType: 'CUSTODY_INTERVIEW', interview: { ...interviewAt(1), room: '4' } }),
    ],
  ])('%s is 400 VALIDATION_FAILED at %s', async (_what, path, body) => {
    const res = await call('POST', '/v1/encounters', { key: keys.sheriff.key, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual([path]);
    // The message explains what is wanted without echoing the value back.
    expect(res.text).not.toContain('Jane');
  });

  test('the youthRef message says it must be a reference the registry issued', async () => {
    const res = await call('POST', '/v1/encounters', { key: keys.sheriff.key, body: newEncounter({ youthRef: 'JANEDOE' }) });
    expect(res.body.error.fields[0].message).toMatch(/issued by the registry/);
  });

  test('every failing field is reported at once', async () => {
    const res = await call('POST', '/v1/encounters', { key: keys.sheriff.key, body: { youthRef: 'Jane Doe', encounterType: 'X' } });
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.encounterId',
      'body.encounterType',
      'body.occurredAt',
      'body.youthRef',
    ]);
  });

  test('malformed JSON is 400 INVALID_JSON', async () => {
    const res = await call('POST', '/v1/encounters', { key: keys.sheriff.key, raw: '{"youthRef": "Y-1234",' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });

  test('a body over the size limit is refused', async () => {
    const res = await call('POST', '/v1/encounters', { key: keys.sheriff.key, body: newEncounter({ padding: 'x'.repeat(40_000) }) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('only law-enforcement agencies report encounters', async () => {
    const res = await call('POST', '/v1/encounters', { key: keys.advocacy.key, body: newEncounter() });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  test('a report starts the process; reporting it again is 409 with the same process', async () => {
    const youthRef = await registerYouth(api, keys.sheriff.key);
    const encounter = newEncounter({ youthRef, encounterType: 'JJC_TRANSPORT', participatedInInvestigation: true });
    const created = await call('POST', '/v1/encounters', { key: keys.sheriff.key, body: encounter });
    expect(created.status).toBe(201);
    const processId = leContactWorkflowId({ ...encounter, reportingAgencyId: 'demo-sheriff' }, TEST_CASE_INDEX_KEY);
    expect(created.body).toEqual({ processId, runId: expect.any(String) });
    expect(created.headers.get('location')).toBe(`/v1/processes/${enc(processId)}`);

    const again = await call('POST', '/v1/encounters', { key: keys.sheriff.key, body: encounter });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ENCOUNTER_EXISTS', processId });

    const state = await stepsOpened(processId, 4);
    expect(state).toMatchObject({ obligation: 'le-contact', youthRef: encounter.youthRef, county: 'Demo County' });
    const audited = (await auditOf(processId)).map((a) => [a.actor, a.action]);
    expect(audited[0]).toEqual(['demo-sheriff', 'api.encounter.create']);
    expect(audited).toContainEqual(['demo-da', 'api.process.read']);
  });
});

describe('a process through its steps', () => {
  let processId: string;
  let youthRef: string;
  const step = (action: string, stepId = 'advocate-response') => `/v1/processes/${enc(processId)}/steps/${stepId}/${action}`;

  beforeAll(async () => {
    ({ processId, youthRef } = await report());
    await stepsOpened(processId);
  });

  test('GET shows each step, who owes it and when', async () => {
    const res = await call('GET', `/v1/processes/${enc(processId)}`, { key: keys.advocacy.key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ obligation: 'le-contact', youthRef, county: 'Demo County', initiatingAgencyId: 'demo-sheriff' });
    expect(res.body.steps[0]).toMatchObject({
      id: 'advocate-response',
      status: 'AWAITING_ACKNOWLEDGMENT',
      owing: { agencyId: 'demo-advocacy', role: 'ADVOCATE' },
      overdue: false,
      level: 0,
    });
  });

  test("another county's agency neither sees the process nor finds it in the youth's list", async () => {
    const outside = generateApiKey();
    await stack.db.apiKey.create({
      data: { agencyId: 'neighbor-probation', label: 'other county test key', prefix: outside.prefix, secretHash: outside.secretHash },
    });
    const read = await call('GET', `/v1/processes/${enc(processId)}`, { key: outside.key });
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('PROCESS_NOT_FOUND');
    // Listed for the home county (visibility is eventually consistent), never for the other.
    await eventually(async () => (await call('GET', `/v1/youth/${youthRef}/processes`, { key: keys.advocacy.key })).body.processes.length === 1);
    const list = await call('GET', `/v1/youth/${youthRef}/processes`, { key: outside.key });
    expect(list.body).toEqual({ youthRef, processes: [] });
  });

  test('an unknown process is 404; a malformed id is 400', async () => {
    const unknown = await call('GET', `/v1/processes/${enc(`le-contact/${uniqueRef()}/demo-sheriff/0000000000000000`)}`, { key: keys.advocacy.key });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('PROCESS_NOT_FOUND');
    const malformed = await call('GET', '/v1/processes/not-a-process', { key: keys.advocacy.key });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['params.processId']);
    const badEscape = await call('GET', '/v1/processes/le-contact%2F%E0%A4%A', { key: keys.advocacy.key });
    expect(badEscape.status).toBe(400);
    expect(badEscape.body.error.code).toBe('BAD_REQUEST');
  });

  test("the youth's processes are listed with what coordinators filter on", async () => {
    const listed = await eventually(
      async () => {
        const res = await call('GET', `/v1/youth/${youthRef}/processes`, { key: keys.da.key });
        const found = res.body.processes.find((p: { processId: string }) => p.processId === processId);
        return found?.owingAgencies.length === 2 && found;
      },
      20_000,
      'the process in visibility',
    );
    expect(listed.owingAgencies.sort()).toEqual(['demo-advocacy', 'demo-sheriff']);
    expect(listed).toMatchObject({
      obligation: 'le-contact',
      status: 'RUNNING',
      overdue: false,
      escalationLevel: 0,
      closeTime: null,
    });
    expect(Date.parse(listed.nextDeadline)).toBeGreaterThan(Date.now());
    const invalid = await call('GET', '/v1/youth/Jane%20Doe/processes', { key: keys.da.key });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields[0].path).toBe('params.youthRef');
  });

  test('an agency with no part in the process cannot find it; a party cannot act on a step it does not owe', async () => {
    const res = await call('POST', step('acknowledge'), { key: keys.probation.key });
    expect([res.status, res.body.error.code]).toEqual([404, 'PROCESS_NOT_FOUND']);
    const party = await call('POST', step('acknowledge', 'child-abuse-phone-report'), { key: keys.advocacy.key });
    expect([party.status, party.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  test('an unknown step is 404', async () => {
    const res = await call('POST', step('acknowledge', 'no-such-step'), { key: keys.advocacy.key });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('STEP_NOT_FOUND');
  });

  test('the owing agency acknowledges; acknowledging twice is 409', async () => {
    const res = await call('POST', step('acknowledge'), { key: keys.advocacy.key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'advocate-response', status: 'AWAITING_COMPLETION', acknowledgedBy: 'demo-advocacy' });
    const again = await call('POST', step('acknowledge'), { key: keys.advocacy.key });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WRONG_STATE');
  });

  test('only an administrator moves a deadline, within a year and with a reason', async () => {
    const dueAt = new Date(Date.now() + 7200_000).toISOString();
    const reason = 'the advocate is at the hospital with the youth';
    const denied = await call('PUT', step('deadline'), { key: keys.advocacy.key, body: { dueAt, reason } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    const invalid = await call('PUT', step('deadline'), { key: keys.admin.key, body: { dueAt: 'tomorrow', reason } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.dueAt']);
    // Year 9999 would silence escalation for ever; a deadline long past is a typo.
    for (const far of ['9999-12-31T00:00:00Z', new Date(Date.now() + 367 * 86_400_000).toISOString(), '2020-01-01T00:00:00Z']) {
      const refused = await call('PUT', step('deadline'), { key: keys.admin.key, body: { dueAt: far, reason } });
      expect([refused.status, refused.body.error.code, refused.body.error.fields?.[0]?.path]).toEqual([400, 'VALIDATION_FAILED', 'body.dueAt']);
    }
    for (const noReason of [{ dueAt }, { dueAt, reason: '  ' }, { dueAt, reason: 'x'.repeat(501) }]) {
      const refused = await call('PUT', step('deadline'), { key: keys.admin.key, body: noReason });
      expect([refused.status, refused.body.error.fields?.[0]?.path]).toEqual([400, 'body.reason']);
    }
    const before = (await stack.client.workflow.getHandle(processId).query(processState)).steps.find((s) => s.id === 'advocate-response')!.dueAt;
    const moved = await call('PUT', step('deadline'), { key: keys.admin.key, body: { dueAt, reason } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'AWAITING_COMPLETION', dueAt });
    const [row] = await stack.db.auditEvent.findMany({ where: { workflowId: processId, action: 'api.step.deadline' } });
    expect(row.detail).toEqual({ newDueAt: dueAt, reason });
    // The process's own audit row keeps the old and the new deadline and why.
    const changed = await eventually(() =>
      stack.db.auditEvent.findFirst({ where: { workflowId: processId, action: 'step.DEADLINE_CHANGED' } }).then((r) => r ?? undefined),
    );
    expect(changed.detail).toMatchObject({ dueAt, previousDueAt: before, reason });
  });

  test('the owing agencies complete; the finished process refuses further changes', async () => {
    const res = await call('POST', step('complete'), { key: keys.advocacy.key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'COMPLETED', completedBy: 'demo-advocacy', dueAt: null, owing: null });
    // The reporting agency's cross-reports to the child-welfare hotline are the last steps.
    for (const report of ['child-abuse-phone-report', 'child-abuse-written-report']) {
      const done = await call('POST', step('complete', report), { key: keys.sheriff.key });
      expect([done.status, done.body.status]).toEqual([200, 'COMPLETED']);
    }
    await stack.client.workflow.getHandle(processId).result();

    const closed = await call('POST', step('complete'), { key: keys.advocacy.key });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('PROCESS_CLOSED');
    // A finished process can still be read.
    const read = await call('GET', `/v1/processes/${enc(processId)}`, { key: keys.advocacy.key });
    expect(read.body.steps[0].status).toBe('COMPLETED');
  });

  test('every successful read and write is audited, without request contents', async () => {
    const rows = await auditOf(processId);
    expect(rows.map((a) => a.action)).toEqual(
      expect.arrayContaining(['api.encounter.create', 'api.process.read', 'api.step.acknowledge', 'api.step.deadline', 'api.step.complete']),
    );
    expect(rows.filter((a) => a.action === 'api.step.acknowledge')).toHaveLength(1); // the refused second one is api.refused
    expect(rows.find((a) => a.action === 'api.step.deadline')).toMatchObject({ actor: 'demo-da', stepId: 'advocate-response' });
    const youthReads = await stack.db.auditEvent.findMany({ where: { action: 'api.youth.read', actor: 'demo-da' } });
    expect(youthReads.some((a) => (a.detail as { youthRef?: string }).youthRef === youthRef)).toBe(true);
  });
});

describe('emailed links', () => {
  let processId: string;
  let youthRef: string;
  const sign = (action: LinkAction, now = Date.now) =>
    createLinkSigner(TEST_LINK_SECRET, 3600, now).sign({ wid: processId, step: 'advocate-response', action, agency: 'demo-advocacy' });
  const stepStatus = async () => stack.client.workflow.getHandle(processId).query(processState);

  beforeAll(async () => {
    ({ processId, youthRef } = await report());
    await stepsOpened(processId);
  });

  test('a tampered link is 400 LINK_INVALID; an expired one is 410 LINK_EXPIRED', async () => {
    const token = sign('acknowledge');
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const method of ['GET', 'POST']) {
      expect((await call(method, `/v1/links/${tampered}`)).body.error.code).toBe('LINK_INVALID');
      expect((await call(method, '/v1/links/garbage')).status).toBe(400);
    }
    const expired = sign('acknowledge', () => Date.now() - 2 * 3600_000);
    const res = await call('GET', `/v1/links/${expired}`);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('LINK_EXPIRED');
  });

  test('GET only shows a confirmation form that names the case; POST acts, once', async () => {
    const mail = await stack.smtp.waitFor((m) => m.text.includes(processId) && m.to.includes('oncall-advocate@advocacy.demo.example'));
    const token = /Acknowledge: \S*\/v1\/links\/(\S+)/.exec(mail.text)![1];
    // The link was sent to one person: acting through it records them, not only their agency.
    const advocate = await stack.db.representative.findFirstOrThrow({ where: { email: 'oncall-advocate@advocacy.demo.example', active: true } });
    const linkActor = `link:demo-advocacy/${advocate.id}`;

    const page = await call('GET', `/v1/links/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toContain('<form method="post">');
    // What an officer with several cases needs to recognise this one; names exist nowhere in the system.
    const { steps } = await stepStatus();
    expect(steps[0].status).toBe('AWAITING_ACKNOWLEDGMENT');
    for (const shown of [
      '<dt>Step</dt><dd>Advocate provides crisis counseling and support to the youth (advocate-response)</dd>',
      `<dt>Youth reference</dt><dd>${youthRef}</dd>`,
      `<dt>Process</dt><dd>${processId}</dd>`,
      `<dt>Due</dt><dd>${steps[0].dueAt!.slice(0, 16).replace('T', ' ')} UTC</dd>`,
      '<dt>Sent to</dt><dd>Demo Rape Crisis &#38; Human Trafficking Center (demo-advocacy)</dd>', // escaped
      '<dt>Waiting on</dt><dd>Demo Rape Crisis &#38; Human Trafficking Center (demo-advocacy)</dd>',
      '<dt>Process opened by</dt><dd>demo-sheriff</dd>',
    ]) {
      expect(page.text).toContain(shown);
    }
    expect((await auditOf(processId)).find((a) => a.action === 'api.link.view')).toMatchObject({ actor: linkActor, stepId: 'advocate-response' });

    const done = await call('POST', `/v1/links/${token}`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Acknowledged');
    expect((await stepStatus()).steps[0]).toMatchObject({
      status: 'AWAITING_COMPLETION',
      acknowledgedBy: 'demo-advocacy',
      acknowledgedByRepresentative: advocate.id,
    });

    for (const method of ['POST', 'GET']) {
      const used = await call(method, `/v1/links/${token}`);
      expect(used.status).toBe(410);
      expect(used.body.error.code).toBe('LINK_USED');
    }
    const rows = await auditOf(processId);
    expect(rows.find((a) => a.action === 'api.step.acknowledge')).toMatchObject({ actor: linkActor, stepId: 'advocate-response' });
    const recorded = await eventually(() =>
      stack.db.auditEvent.findFirst({ where: { workflowId: processId, action: 'step.ACKNOWLEDGED' } }).then((r) => r ?? undefined),
    );
    expect(recorded.actor).toBe(`demo-advocacy/${advocate.id} (link)`);
    const fact = await eventually(() => stack.db.stepFact.findFirst({ where: { workflowId: processId, event: 'ACKNOWLEDGED' } }).then((f) => f ?? undefined));
    expect(fact.representativeId).toBe(advocate.id);
  });

  test('a refused link opened in a browser is a page with the same status; other clients get JSON', async () => {
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const used = sign('complete');
    await stack.db.usedLink.create({ data: { jti: testLinks().verify(used).jti } });
    const token = sign('acknowledge');
    const cases: [string, string, number, string, string][] = [
      ['GET', `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`, 400, 'LINK_INVALID', 'This link is not valid'],
      ['GET', 'garbage', 400, 'VALIDATION_FAILED', 'This link is not valid'],
      ['GET', sign('acknowledge', () => Date.now() - 2 * 3600_000), 410, 'LINK_EXPIRED', 'This link has expired'],
      ['GET', used, 410, 'LINK_USED', 'This link has already been used'],
      ['POST', used, 410, 'LINK_USED', 'This link has already been used'],
    ];
    for (const [method, link, status, code, heading] of cases) {
      const page = await call(method, `/v1/links/${link}`, { headers: browser });
      expect([page.status, page.headers.get('content-type')]).toEqual([status, 'text/html; charset=utf-8']);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.text).toContain(`<h1>${heading}</h1>`);
      expect(page.text).toContain(`Code: ${code}`);
      const json = await call(method, `/v1/links/${link}`, { headers: { accept: 'application/json' } });
      expect([json.status, json.body.error.code]).toEqual([status, code]);
    }
  });

  test('a link the process refuses stays used; a browser is shown why', async () => {
    const token = sign('acknowledge'); // already acknowledged above
    const refused = await call('POST', `/v1/links/${token}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('WRONG_STATE');
    const inBrowser = await call('POST', `/v1/links/${sign('acknowledge')}`, { headers: { accept: 'text/html' } });
    expect(inBrowser.status).toBe(409);
    expect(inBrowser.text).toContain('Code: WRONG_STATE'); // a browser's form post gets a page
    expect((await call('POST', `/v1/links/${token}`)).body.error.code).toBe('LINK_USED');
  });

  test('a link that fails for a reason not its own can be used again; JSON unless a browser asks', async () => {
    const token = sign('complete');
    // An API whose Temporal connection is gone: the update cannot be delivered.
    const broken = new Client({ connection: await Connection.connect({ address: process.env.CSEC_TEST_TEMPORAL_ADDRESS! }) });
    await broken.connection.close();
    const { log, lines } = captureLog();
    const brokenApi = await serveApi(stack, { client: broken, log });
    brokenApis.push(brokenApi);
    const failed = await call('POST', `/v1/links/${token}`, { at: brokenApi.base });
    expect(failed.status).toBe(500);
    expect(failed.body.error).toEqual({ code: 'INTERNAL', message: 'Internal error' });
    // The cause is in the request's log line for operators, not in the answer.
    expect(lines.map((l) => JSON.parse(l) as { level: number; err?: unknown })).toContainEqual(expect.objectContaining({ level: 50, err: expect.anything() }));

    const res = await call('POST', `/v1/links/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ id: 'advocate-response', status: 'COMPLETED', completedBy: 'demo-advocacy' });
  });

  test('the page of a step that no longer waits says so: no deadline, nobody it waits on', async () => {
    const page = await call('GET', `/v1/links/${sign('acknowledge')}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<dt>Due</dt><dd>nothing now: the step is completed</dd>');
    expect(page.text).not.toContain('Waiting on');
  });
});
