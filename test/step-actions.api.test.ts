// Acting on steps over real HTTP: the workflow's typed refusals as the API's codes, an action
// sent right after the process starts, and LE contact's custody interview (v2).
import { randomUUID } from 'node:crypto';
import { DEMO_API_KEYS } from '../prisma/seed';
import { processPath, registerYouth, serveApi, settled, type TestApi } from './support/api';
import { setTimers, startStack, uniqueRef, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
const LE_STEPS = [
  'advocate-response',
  'child-abuse-phone-report',
  'child-abuse-written-report',
  'probation-interview-notice',
  'right-to-advocate-advisement',
  'advocate-before-interview',
  'advocate-during-interview',
  'advocate-after-interview',
];

let stack: TestStack;
let api: TestApi;

beforeAll(async () => {
  stack = await startStack();
  // Long timers: nothing escalates while the refusals are exercised.
  for (const step of LE_STEPS) {
    await setTimers(stack.db, 'le-contact', step, { acknowledgeWithinSeconds: 3600, completeWithinSeconds: 3600, escalateEverySeconds: 3600 });
  }
  api = await serveApi(stack);
});
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

async function report(extra: Record<string, unknown> = {}): Promise<string> {
  const youthRef = await registerYouth(api, keys.sheriff.key);
  const body = { youthRef, encounterId: `E-${randomUUID()}`, encounterType: 'AT_RISK_CONTACT', occurredAt: new Date().toISOString(), ...extra };
  const res = await api.call('POST', '/v1/encounters', { key: keys.sheriff.key, body });
  expect(res.status).toBe(201);
  return res.body.processId as string;
}
const custodyInterview = () => report({ encounterType: 'CUSTODY_INTERVIEW', interview: { startsAt: hoursFromNow(2), endsAt: hoursFromNow(3) } });

const act = (processId: string, stepId: string, action: string, key: string, body?: unknown) =>
  api.call('POST', `${processPath(processId)}/steps/${stepId}/${action}`, { key, body });

describe("the workflow's refusals, by type", () => {
  let processId: string;
  beforeAll(async () => {
    processId = await report();
    await settled(api, processId, keys.da.key, 3);
  });

  test.each([
    ['an agency with no need to know of the process', 404, 'PROCESS_NOT_FOUND', keys.probation.key, 'advocate-response', 'acknowledge', undefined],
    [
      'the same agency, for a step that does not exist (it learns nothing)',
      404,
      'PROCESS_NOT_FOUND',
      keys.probation.key,
      'no-such-step',
      'acknowledge',
      undefined,
    ],
    ['an unknown step of a process the agency is party to', 404, 'STEP_NOT_FOUND', keys.advocacy.key, 'no-such-step', 'complete', undefined],
    [
      "another agency's confidential step (it does not exist for the caller)",
      404,
      'STEP_NOT_FOUND',
      keys.sheriff.key,
      'advocate-response',
      'complete',
      undefined,
    ],
    ["another party's step", 403, 'FORBIDDEN', keys.advocacy.key, 'child-abuse-phone-report', 'acknowledge', undefined],
    ['an administrator (administrators act on no step)', 403, 'FORBIDDEN', keys.admin.key, 'child-abuse-phone-report', 'acknowledge', undefined],
    ['the owner closing its own step (it completes it instead)', 403, 'FORBIDDEN', keys.advocacy.key, 'advocate-response', 'close', { reason: 'not needed' }],
    ['an outcome the step does not take', 400, 'INVALID_REQUEST', keys.advocacy.key, 'advocate-response', 'complete', { outcome: 'DECLINED_BY_YOUTH' }],
  ])('%s: %i %s', async (_what, status, code, key, stepId, action, body) => {
    const res = await act(processId, stepId, action, key, body);
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });

  test('to an agency with no need to know, the process answers exactly like one that does not exist', async () => {
    const hidden = await act(processId, 'advocate-response', 'acknowledge', keys.probation.key);
    const missing = await act(processId.replace(/[^/]+$/, '0000000000000000'), 'advocate-response', 'acknowledge', keys.probation.key);
    expect([hidden.status, hidden.body]).toEqual([missing.status, missing.body]);
    const read = await api.call('GET', processPath(processId), { key: keys.probation.key });
    expect([read.status, read.body]).toEqual([404, missing.body]);
  });

  test('malformed action bodies are 400 VALIDATION_FAILED before the process hears of them', async () => {
    const cases: [string, unknown, string[]][] = [
      ['complete', { outcome: 'declined by youth' }, ['body.outcome']],
      ['complete', { outcome: 'ACCEPTED', note: 'x' }, ['body.note']],
      ['close', {}, ['body.reason']],
      ['close', { reason: '   ' }, ['body.reason']],
      ['close', { reason: 'x'.repeat(501) }, ['body.reason']],
    ];
    for (const [action, body, paths] of cases) {
      const res = await act(processId, 'advocate-response', action, keys.advocacy.key, body);
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(paths);
    }
    expect((await act(processId, 'advocate-response', 'complete', keys.advocacy.key, [])).status).toBe(400);
  });

  test('nothing refused was audited or changed', async () => {
    const view = (await api.call('GET', processPath(processId), { key: keys.advocacy.key })).body;
    expect(view.steps[0]).toMatchObject({ id: 'advocate-response', status: 'AWAITING_ACKNOWLEDGMENT' });
    const rows = await stack.db.auditEvent.findMany({ where: { workflowId: processId, action: { startsWith: 'api.step.' } } });
    expect(rows).toEqual([]);
  });
});

describe('an action sent right after the 201', () => {
  test('waits for the step to open, then succeeds', async () => {
    const processId = await report();
    const res = await act(processId, 'advocate-response', 'acknowledge', keys.advocacy.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'advocate-response', status: 'AWAITING_COMPLETION', acknowledgedBy: 'demo-advocacy' });
  });

  test('succeeds even when it reaches the process together with its start', async () => {
    // With no worker, the start and the action are delivered to the process in one batch.
    await stack.stopWorker();
    const processId = await report().finally(() => setTimeout(() => void stack.startWorker(), 1000));
    const res = await act(processId, 'advocate-response', 'complete', keys.advocacy.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'COMPLETED', completedBy: 'demo-advocacy' });
  });

  test('an agency that could never owe the step is refused at once, not kept waiting', async () => {
    const processId = await report();
    const res = await act(processId, 'advocate-response', 'acknowledge', keys.probation.key);
    expect([res.status, res.body.error.code]).toEqual([404, 'PROCESS_NOT_FOUND']);
  });
});

describe('a custody interview', () => {
  let processId: string;
  const interviewEnded = (key: string, id = processId) => api.call('POST', `${processPath(id)}/interview-ended`, { key });

  beforeAll(async () => {
    processId = await custodyInterview();
    await settled(api, processId, keys.da.key, 7);
  });

  test("opens LE's, Probation's and the advocate's steps, due by the interview's start; the follow-up is scheduled", async () => {
    // The advocates see their own steps; to the sheriff they are confidential (only on time or overdue).
    const { body } = await api.call('GET', processPath(processId), { key: keys.advocacy.key });
    const byId = Object.fromEntries(body.steps.map((s: { id: string }) => [s.id, s]));
    expect(Object.keys(byId).sort()).toEqual([...LE_STEPS.filter((s) => s !== 'advocate-response')].sort());
    const sheriff = await api.call('GET', processPath(processId), { key: keys.sheriff.key });
    expect(sheriff.body.steps.map((s: { id: string }) => s.id).sort()).toEqual(
      [...LE_STEPS.filter((s) => !s.startsWith('advocate-')), 'confidential-1', 'confidential-2', 'confidential-3'].sort(),
    );
    for (const id of ['probation-interview-notice', 'right-to-advocate-advisement', 'advocate-before-interview', 'advocate-during-interview']) {
      expect(Date.parse(byId[id].dueAt)).toBeLessThanOrEqual(Date.parse(hoursFromNow(2)));
    }
    expect(byId['advocate-after-interview']).toMatchObject({ status: 'SCHEDULED', owing: null, dueAt: null, chain: [] });
    expect(Date.parse(byId['advocate-after-interview'].opensAt)).toBeGreaterThan(Date.parse(hoursFromNow(4.9)));
  });

  test('a scheduled step is 409 STEP_NOT_OPEN', async () => {
    const res = await act(processId, 'advocate-after-interview', 'acknowledge', keys.advocacy.key);
    expect([res.status, res.body.error.code]).toEqual([409, 'STEP_NOT_OPEN']);
  });

  test('only the reporting agency records that the interview ended', async () => {
    const res = await interviewEnded(keys.advocacy.key);
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  test("the interview's end opens the advocate's follow-up now; saying it again changes nothing", async () => {
    const res = await interviewEnded(keys.sheriff.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ obligation: 'le-contact', open: true });
    // The sheriff's answer does not show the advocates' (confidential) follow-up; theirs does.
    expect(res.body.steps.some((s: { id: string }) => s.id === 'advocate-after-interview')).toBe(false);
    const followUp = (await api.call('GET', processPath(processId), { key: keys.advocacy.key })).body.steps.find(
      (s: { id: string }) => s.id === 'advocate-after-interview',
    );
    expect(followUp.status === 'SCHEDULED' ? Date.parse(followUp.opensAt) : Date.parse(followUp.openedAt)).toBeLessThanOrEqual(Date.now());
    expect((await interviewEnded(keys.sheriff.key)).status).toBe(200);

    const ack = await act(processId, 'advocate-after-interview', 'acknowledge', keys.advocacy.key);
    expect([ack.status, ack.body.status]).toEqual([200, 'AWAITING_COMPLETION']);
    const audited = await stack.db.auditEvent.findMany({ where: { workflowId: processId, action: 'api.encounter.interview-ended' } });
    expect(audited.map((a) => a.actor)).toEqual(['demo-sheriff', 'demo-sheriff']);
  });

  test('an encounter without an interview, another kind of process and an unknown one are refused', async () => {
    const other = await report();
    const none = await interviewEnded(keys.sheriff.key, other);
    expect([none.status, none.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
    for (const id of [`detention/${uniqueRef()}/demo-probation/0000000000000000`, `le-contact/${uniqueRef()}/demo-sheriff/0000000000000000`]) {
      const res = await interviewEnded(keys.sheriff.key, id);
      expect([res.status, res.body.error.code]).toEqual([404, 'PROCESS_NOT_FOUND']);
    }
    const malformed = await api.call('POST', '/v1/processes/nope/interview-ended', { key: keys.sheriff.key });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
