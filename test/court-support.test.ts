// The court-support obligation (MOU Probation §7; DA §4–5; Advocacy §3–4) over real HTTP, the test
// Temporal server and a real SMTP sink: a subpoena with two hearings, one continued twice (a
// continue-as-new in between) and one vacated, counted email by email per hearing date; transport
// only for a youth in custody; the youth's own hearing; the claim followed to its decision; bad input.
// The claim process is a test-only stand-in keeping the contract (test/support/claim-stub-workflows.ts).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../common/codec';
import { startCourtSupport } from '../common/processes';
import { DEMO_API_KEYS } from '../prisma/seed';
import type { CourtSupportInput, CourtSupportView, Hearing } from '../workflows/court-support-input';
import { processState } from '../workflows/messages';
import { NextDeadline } from '../workflows/search-attributes';
import type { ProcessView, StepView } from '../workflows/types';
import { victimCompensationId } from '../workflows/victim-compensation-link';
import { decideForTest } from './support/claim-stub-workflows';
import { registerYouth, serveApi, type TestApi } from './support/api';
import { eventually, setTimers, startStack, TEST_CASE_INDEX_KEY, testDataConverter, uniqueRef, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
const DAY = 24 * 3600_000;
const HOUR = 3600_000;
const DPO = 'jjc-intake-dpo@probation.demo.example';
const ADVOCATE = 'oncall-advocate@advocacy.demo.example';
const VW = 'victim-witness@da.demo.example';
const COUNSEL = 'panel-attorney-1@counsel.demo.example';
const COUNSEL_REP = 'rep-46e7524d88a6'; // panel-attorney-1's directory id (prisma/seed.ts)
const NOT_COUNSEL = ['panel-attorney-2@counsel.demo.example', 'juvenile-defender@pd.demo.example'];
const SOCIAL_WORKER = 'csec-social-worker@ssa.demo.example';

let stack: TestStack;
let api: TestApi;

beforeAll(async () => {
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./support/claim-stub-workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
  });
  stack = await startStack({ workflowBundle: bundle });
  api = await serveApi(stack);
  // The as-soon-as-possible window these tests read (the step definitions' defaults, pinned here).
  for (const step of ['hearing-transport', 'hearing-accompaniment', 'testimony-safety-plan'])
    await setTimers(stack.db, 'court-support', step, { acknowledgeWithinSeconds: 4 * 3600, completeWithinSeconds: null, escalateEverySeconds: 2 * 3600 });
}, 240_000);
afterAll(async () => {
  await stack?.db.timerPolicy.deleteMany({ where: { obligation: 'court-support' } });
  await api?.close();
  await stack?.close();
});

/** An instant `ms` ahead, on a whole minute, as the API takes it. */
const ahead = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');
const subpoena = (youthRef: string, extra: Partial<CourtSupportInput> = {}) => ({
  youthRef,
  caseRef: `DA-${randomUUID().slice(0, 8)}-1`,
  servedAt: new Date(Date.now() - HOUR).toISOString(),
  inCustody: true,
  dependencyWard: false,
  counsel: { agencyId: 'demo-juvenile-counsel', representativeId: COUNSEL_REP },
  ...extra,
});
const path = (processId: string, rest = '') => `/v1/subpoenas/${encodeURIComponent(processId)}${rest}`;
const addHearing = (processId: string, kind: string, at: string, key: string = keys.da.key) =>
  api.call('POST', path(processId, '/hearings'), { key, body: { kind, at } });
const moveHearing = (processId: string, hearingId: string, at: string) =>
  api.call('PUT', path(processId, `/hearings/${hearingId}`), { key: keys.da.key, body: { at } });
const vacate = (processId: string, hearingId: string) => api.call('DELETE', path(processId, `/hearings/${hearingId}`), { key: keys.da.key });
const setStatus = (processId: string, body: object, key: string = keys.da.key) => api.call('PUT', path(processId, '/status'), { key, body });
const close = (processId: string) => api.call('POST', path(processId, '/close'), { key: keys.da.key, body: { disposition: 'CONVICTED' } });

async function serve(extra: Partial<CourtSupportInput> = {}, youthRef?: string): Promise<string> {
  const res = await api.call('POST', '/v1/subpoenas', { key: keys.da.key, body: subpoena(youthRef ?? (await registerYouth(api, keys.probation.key)), extra) });
  expect(res.status).toBe(201);
  return res.body.processId as string;
}

const handleOf = (processId: string) => stack.client.workflow.getHandle(processId);
const stateOf = (processId: string): Promise<ProcessView> => handleOf(processId).query(processState);
const stepById = async (processId: string, id: string): Promise<StepView> => (await stateOf(processId)).steps.find((s) => s.id === id)!;
/** The process once every step has looked up its owner. */
const settled = (processId: string, count: number) =>
  eventually(
    async () => {
      const v = await stateOf(processId);
      return v.steps.length === count && v.steps.every((s) => s.status !== 'OPENING') && v;
    },
    60_000,
    `${count} settled steps`,
  );

/** Every email of a process that names this hearing date, by recipient. */
const mailFor = (processId: string, at: string) =>
  stack.smtp.received.filter((m) => m.text.includes(`Process: ${processId}\n`) && m.text.includes(` at ${at}`));
const recipients = (processId: string, at: string) =>
  mailFor(processId, at)
    .flatMap((m) => m.to)
    .sort();
const waitForRecipients = (processId: string, at: string, expected: string[]) =>
  eventually(() => recipients(processId, at).length >= expected.length && recipients(processId, at), 60_000, `${expected.length} emails for ${at}`);

describe('POST /v1/subpoenas and the hearing routes: bad input', () => {
  test('only a DA may serve; an unknown youth, a missing counsel and a repeat are refused', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    const notDa = await api.call('POST', '/v1/subpoenas', { key: keys.probation.key, body: subpoena(youthRef) });
    expect([notDa.status, notDa.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await api.call('POST', '/v1/subpoenas', { key: keys.da.key, body: subpoena(uniqueRef()) });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'YOUTH_NOT_FOUND']);
    const noCounsel = await api.call('POST', '/v1/subpoenas', { key: keys.da.key, body: subpoena(youthRef, { counsel: {} }) });
    expect([noCounsel.status, noCounsel.body.error.fields.map((f: { path: string }) => f.path)]).toEqual([400, ['body.counsel']]);

    const body = subpoena(youthRef);
    const first = await api.call('POST', '/v1/subpoenas', { key: keys.da.key, body });
    expect(first.status).toBe(201);
    expect(first.body.processId).toMatch(/^court-support\/Y-[0-9A-Z]{10}-[0-9A-Z]\/demo-da\/[0-9A-Z]{16}$/);
    expect(first.body.processId).not.toContain(body.caseRef);
    const again = await api.call('POST', '/v1/subpoenas', { key: keys.da.key, body });
    expect([again.status, again.body.error.code, again.body.error.processId]).toEqual([409, 'SUBPOENA_EXISTS', first.body.processId]);
  });

  test('a past hearing, an unknown hearing, a continuance of a vacated one and a non-DA caller are refused', async () => {
    const processId = await serve();
    const past = await addHearing(processId, 'TRIAL', ahead(-HOUR));
    expect([past.status, past.body.error.code, past.body.error.fields?.[0]?.path]).toEqual([400, 'VALIDATION_FAILED', 'body.at']);
    const h = await addHearing(processId, 'TRIAL', ahead(5 * DAY));
    expect([h.status, h.body.id]).toEqual([201, 'h1']);
    const unknown = await moveHearing(processId, 'h9', ahead(6 * DAY));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'HEARING_NOT_FOUND']);
    const same = await moveHearing(processId, 'h1', h.body.at);
    expect([same.status, same.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
    expect((await vacate(processId, 'h1')).body.status).toBe('VACATED');
    const moved = await moveHearing(processId, 'h1', ahead(6 * DAY));
    expect([moved.status, moved.body.error.code, moved.body.error.message]).toEqual([409, 'WRONG_STATE', 'Hearing h1 was vacated']);
    // Probation owes a step here (transport): a party, but not one that sets hearings. Health is no party: not found.
    const probation = await addHearing(processId, 'TRIAL', ahead(5 * DAY), keys.probation.key);
    expect([probation.status, probation.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const stranger = await addHearing(processId, 'TRIAL', ahead(5 * DAY), keys.health.key);
    expect([stranger.status, stranger.body.error.code]).toEqual([404, 'PROCESS_NOT_FOUND']);
    const otherProcess = await api.call('POST', path('detention/Y-DEM0000001-9/demo-probation/0123456789ABCDEF', '/close'), {
      key: keys.da.key,
      body: { disposition: 'PLEA' },
    });
    expect([otherProcess.status, otherProcess.body.error.code]).toEqual([404, 'PROCESS_NOT_FOUND']);
  });
});

test('the OpenAPI document has every subpoena route', async () => {
  const { body } = await api.call('GET', '/openapi.json');
  const methods = (p: string) => Object.keys(body.paths[p] as object).sort();
  expect(methods('/v1/subpoenas')).toEqual(['post']);
  expect(methods('/v1/subpoenas/{processId}/status')).toEqual(['put']);
  expect(methods('/v1/subpoenas/{processId}/hearings')).toEqual(['post']);
  expect(methods('/v1/subpoenas/{processId}/hearings/{hearingId}')).toEqual(['delete', 'put']);
  expect(methods('/v1/subpoenas/{processId}/close')).toEqual(['post']);
  expect(body.paths['/v1/subpoenas'].post.description).toContain('SUBPOENA_EXISTS');
});

describe('a youth in custody with two hearings', () => {
  test('one continued twice (continue-as-new in between), one vacated: every email names the current date, one per party; the claim decides the end', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    // Started as the API does, with a short history so it continues-as-new within the test.
    const input: CourtSupportInput = { ...subpoena(youthRef), county: 'Demo County', daAgencyId: 'demo-da', continueAsNewAfterEvents: 60 };
    const handle = await startCourtSupport(stack.client, stack.taskQueue, input, TEST_CASE_INDEX_KEY);
    const processId = handle.workflowId;
    const subpoenaSteps = await settled(processId, 5);
    expect(subpoenaSteps.steps.map((s) => [s.id, s.chain[0]?.agencyId, s.chain[0]?.role])).toEqual([
      ['vw-consultant-contact', 'demo-da', 'VW_CONSULTANT'],
      ['advocate-prosecution-support', 'demo-advocacy', 'ADVOCATE'],
      ['heat-dda-designated', 'demo-da', 'HEAT_DDA'],
      ['juvenile-dda-designated', 'demo-da', 'DDA'],
      ['counsel-subpoena-notice', 'demo-juvenile-counsel', 'DEFENDER'],
    ]);

    const [a1, b] = [ahead(5 * DAY), ahead(4 * DAY)];
    const trial = await addHearing(processId, 'TRIAL', a1);
    const prelim = await addHearing(processId, 'PRELIMINARY_HEARING', b);
    expect([trial.status, trial.body.id, prelim.body.id]).toEqual([201, 'h1', 'h2']);
    expect(Object.keys(trial.body.steps as object).sort()).toEqual(['accompaniment', 'counsel', 'debrief', 'safetyPlan', 'transport']);
    const everyParty = [ADVOCATE, COUNSEL, DPO, VW].sort();
    expect(await waitForRecipients(processId, a1, everyParty)).toEqual(everyParty);
    expect(await waitForRecipients(processId, b, everyParty)).toEqual(everyParty);
    // Due the lead time before the hearing (not the kinds' 4 h): transport and accompaniment 48 h, the safety plan 72 h.
    expect((await stepById(processId, 'hearing-transport-h1')).dueAt).toBe(new Date(Date.parse(a1) - 48 * HOUR).toISOString());
    expect((await stepById(processId, 'testimony-safety-plan-h1')).dueAt).toBe(new Date(Date.parse(a1) - 72 * HOUR).toISOString());
    expect((await stepById(processId, 'hearing-debrief-h1')).opensAt).toBe(new Date(a1).toISOString());
    // Probation confirms the transport booked for the first date.
    const confirm = await api.call('POST', `/v1/processes/${encodeURIComponent(processId)}/steps/hearing-transport-h1/acknowledge`, {
      key: keys.probation.key,
    });
    expect([confirm.status, confirm.body.status]).toEqual([200, 'COMPLETED']);

    const vacated = await vacate(processId, 'h2');
    expect([vacated.status, vacated.body.status]).toEqual([200, 'VACATED']);
    const vacatedAt = Date.now();
    const prelimSteps = (await stateOf(processId)).steps.filter((s) => s.id.endsWith('-h2'));
    expect(prelimSteps.map((s) => s.status)).toEqual(prelimSteps.map(() => 'WITHDRAWN'));

    const runs = async () => {
      let n = 0;
      for await (const _ of stack.client.workflow.list({ query: `WorkflowId = "${processId}"` })) n++;
      return n;
    };
    const runsBefore = await runs();
    const a2 = ahead(6 * DAY);
    const first = await moveHearing(processId, 'h1', a2);
    expect([first.status, first.body.at, first.body.continuances]).toEqual([200, a2, 1]);
    const movedAt = Date.now();
    expect(await waitForRecipients(processId, a2, everyParty)).toEqual(everyParty);
    // The transport confirmed for the old date is asked again, for the new one.
    expect(await stepById(processId, 'hearing-transport-h1')).toMatchObject({
      status: 'AWAITING_ACKNOWLEDGMENT',
      dueAt: new Date(Date.parse(a2) - 48 * HOUR).toISOString(),
    });
    await eventually(async () => (await runs()) > runsBefore, 60_000, 'a continue-as-new after the first continuance');

    const a3 = ahead(7 * DAY);
    const second = await moveHearing(processId, 'h1', a3);
    expect([second.status, second.body.continuances]).toEqual([200, 2]);
    const secondAt = Date.now();
    expect(await waitForRecipients(processId, a3, everyParty)).toEqual(everyParty);
    const state = await stateOf(processId);
    const h1 = (id: string) => state.steps.find((s) => s.id === id)!;
    expect(h1('hearing-transport-h1')).toMatchObject({ status: 'AWAITING_ACKNOWLEDGMENT', dueAt: new Date(Date.parse(a3) - 48 * HOUR).toISOString() });
    expect(h1('hearing-accompaniment-h1').dueAt).toBe(new Date(Date.parse(a3) - 48 * HOUR).toISOString());
    expect(h1('testimony-safety-plan-h1').dueAt).toBe(new Date(Date.parse(a3) - 72 * HOUR).toISOString());
    expect(h1('hearing-debrief-h1')).toMatchObject({ status: 'SCHEDULED', opensAt: new Date(a3).toISOString() });
    expect(state.steps.filter((s) => s.kind === 'continuance-youth-notice').map((s) => s.id)).toEqual([
      'continuance-youth-notice-h1',
      'continuance-youth-notice-h1-2',
    ]);

    // A few seconds for anything late: still one email per party per date, none for a date once it no longer existed.
    await new Promise((r) => setTimeout(r, 3000));
    expect([a1, a2, a3, b].map((at) => recipients(processId, at))).toEqual([everyParty, everyParty, everyParty, everyParty]);
    expect(mailFor(processId, b).filter((m) => m.at > vacatedAt)).toEqual([]);
    expect(mailFor(processId, a1).filter((m) => m.at > movedAt)).toEqual([]);
    expect(mailFor(processId, a2).filter((m) => m.at > secondAt)).toEqual([]);
    // Counsel's notices went to the named attorney only: never the county's public defender, nor a colleague.
    expect(stack.smtp.received.filter((m) => m.text.includes(processId) && m.to.some((t) => NOT_COUNSEL.includes(t)))).toEqual([]);

    // The Temporal UI: the upcoming hearing with each party's confirmation, and the nearest deadline.
    const details = await eventually(async () => {
      const { currentDetails } = await handleOf(processId).query<{ currentDetails: string }>('__temporal_workflow_metadata');
      return currentDetails.includes(`Hearing h1 (trial) at ${a3}, continued 2×`) && currentDetails;
    });
    expect(details).toContain('transport awaited by');
    expect(details).toContain('accompaniment awaited (on time)');
    expect(details).not.toContain(`Hearing h2`);
    const nearest = Math.min(...state.steps.filter((s) => s.dueAt).map((s) => Date.parse(s.dueAt!)));
    await eventually(async () => (await handle.describe()).typedSearchAttributes.get(NextDeadline)?.getTime() === nearest, 30_000, 'CsecNextDeadline');

    // The disposition alone does not end the process: the claim is still being decided.
    const closed = await close(processId);
    expect([closed.status, closed.body.closed, closed.body.claim]).toEqual([200, true, { state: 'FOLLOWING' }]);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await stack.client.workflow.getHandle(victimCompensationId(youthRef)).signal(decideForTest, { decision: 'APPROVED', decidedAt: new Date().toISOString() });
    const result = await handle.result();
    expect(result.claim).toMatchObject({ state: 'DECIDED', decision: 'APPROVED' });
    expect(result.hearings.map((h: Hearing) => [h.id, h.status, h.continuances, h.at])).toEqual([
      ['h1', 'SET', 2, a3],
      ['h2', 'VACATED', 0, b],
    ]);

    // The first run (subpoena, hearings, vacated, first continuance) and the last (carried state, close, claim) replay against
    // today's code; CSEC_RECORD_HISTORY=1 saves the first for test/replay.test.ts.
    const [firstRun, lastRun] = await Promise.all([
      stack.client.workflow.getHandle(processId, handle.firstExecutionRunId).fetchHistory(),
      handle.fetchHistory(),
    ]);
    const options = { workflowBundle: { codePath: process.env.CSEC_TEST_WORKFLOW_BUNDLE! }, dataConverter: testDataConverter() };
    for (const history of [firstRun, lastRun]) await Worker.runReplayHistory(options, history, processId);
    if (process.env.CSEC_RECORD_HISTORY) writeFileSync(join(__dirname, 'histories', 'court-support-continued.json'), historyToJSON(firstRun));
  }, 300_000);
});

describe('custody and dependency status; the youth’s own hearing; a claim decided earlier', () => {
  test('transport exists only while the youth is in custody; the social worker is told while a ward; a juvenile hearing has accompaniment only', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    // Counsel named only by contact: the VW consultant must reach that counsel (never a generic defender role).
    const contact = { name: 'Counsel of record', county: 'Demo County', phone: '+1-555-0142', email: 'counsel@law.example' };
    const processId = await serve({ inCustody: false, dependencyWard: true, counsel: { contact } }, youthRef);
    const h = await addHearing(processId, 'TRIAL', ahead(3 * DAY));
    expect(Object.keys(h.body.steps as object).sort()).toEqual(['accompaniment', 'counsel', 'debrief', 'safetyPlan', 'socialWorker']);
    await waitForRecipients(processId, h.body.at as string, [ADVOCATE, SOCIAL_WORKER, VW, VW].sort());
    expect((await stepById(processId, 'counsel-hearing-notice-h1')).contact).toEqual(contact);

    const custody = await setStatus(processId, { inCustody: true }, keys.probation.key);
    expect([custody.status, custody.body.inCustody, Object.keys(custody.body.hearings[0].steps).includes('transport')]).toEqual([200, true, true]);
    await eventually(() => recipients(processId, h.body.at as string).includes(DPO), 30_000, 'the transport email');
    const released = await setStatus(processId, { inCustody: false, dependencyWard: false });
    expect(released.status).toBe(200);
    const v = await stateOf(processId);
    expect(v.steps.find((s) => s.id === 'hearing-transport-h1')).toMatchObject({ status: 'WITHDRAWN', closedReason: 'the youth is no longer in custody' });
    expect(v.steps.find((s) => s.id === 'social-worker-hearing-notice-h1')).toMatchObject({ status: 'WITHDRAWN' });

    // The youth's own juvenile hearing, set inside the 48 h lead: the advocate's accompaniment only, due as soon as possible (not escalating).
    const own = await addHearing(processId, 'YOUTH_JUVENILE_HEARING', ahead(30 * HOUR));
    expect(Object.keys(own.body.steps as object)).toEqual(['accompaniment']);
    const accompaniment = await eventually(async () => {
      const s = await stepById(processId, 'hearing-accompaniment-h2');
      return s.status === 'AWAITING_ACKNOWLEDGMENT' && s;
    });
    expect(accompaniment.overdue).toBe(false);
    expect(Date.parse(accompaniment.dueAt!)).toBeLessThanOrEqual(Date.now() + 4 * HOUR);
    expect(Date.parse(accompaniment.dueAt!)).toBeGreaterThan(Date.now() + 3 * HOUR);

    // The youth's claim is decided; a later prosecution's process finds it ended and takes the decision as made.
    await stack.client.workflow.getHandle(victimCompensationId(youthRef)).signal(decideForTest, { decision: 'DENIED', decidedAt: new Date().toISOString() });
    await close(processId);
    expect(((await handleOf(processId).result()) as CourtSupportView).claim).toMatchObject({ state: 'DECIDED', decision: 'DENIED' });
    const later = await serve({}, youthRef);
    const closedLater = await close(later);
    expect(closedLater.status).toBe(200);
    expect(((await handleOf(later).result()) as CourtSupportView).claim).toEqual({ state: 'DECIDED_EARLIER' });
  }, 240_000);
});
