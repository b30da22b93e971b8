// The youth's victim-of-crime claim over real HTTP, the test Temporal server and a real SMTP sink:
// one process per youth whoever opens it, the claim followed to its decision (filed, a monthly
// check, denied, appealed, approved), refused status jumps, a denial that becomes final, and a
// follower (a test-only workflow on its own worker) told of the decision, across continue-as-new.
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { openVictimCompensation } from '../common/processes';
import { DEMO_API_KEYS } from '../prisma/seed';
import type { ProcessView, StepView } from '../workflows/types';
import type { victimCompensation } from '../workflows/victim-compensation';
import type { ClaimView } from '../workflows/victim-compensation-input';
import { victimCompensationId, type ClaimDecision } from '../workflows/victim-compensation-link';
import { recordClaimStatus } from '../workflows/victim-compensation-messages';
import type { claimFollower } from './support/claim-follower-workflow';
import { processPath, registerYouth, serveApi, type TestApi } from './support/api';
import { demo, waitForMail } from './support/steps';
import { eventually, startStack, testDataConverter, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
const VW_CONSULTANT = 'victim-witness@da.demo.example';
const DAY = 24 * 3600_000;

let stack: TestStack;
let api: TestApi;
let followers: { worker: Worker; running: Promise<void>; connection: NativeConnection; taskQueue: string };

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
  // The follower runs on a worker of its own, as court support's process would on the real one.
  const connection = await NativeConnection.connect({ address: process.env.CSEC_TEST_TEMPORAL_ADDRESS! });
  const taskQueue = `claim-followers-${randomUUID()}`;
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('./support/claim-follower-workflow'),
    dataConverter: testDataConverter(),
  });
  followers = { worker, running: worker.run(), connection, taskQueue };
});
afterAll(async () => {
  followers?.worker.shutdown();
  await followers?.running;
  await followers?.connection.close();
  await api?.close();
  await stack?.close();
});

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const open = (key: string, youthRef: string) => api.call('POST', '/v1/victim-compensation', { key, body: { youthRef } });
const setStatus = (key: string, youthRef: string, status: string, at: string) =>
  api.call('PUT', `/v1/victim-compensation/${youthRef}/status`, { key, body: { status, at } });
const claimOf = async (youthRef: string, key: string = keys.da.key) =>
  (await api.call('GET', `/v1/victim-compensation/${youthRef}`, { key })).body as ClaimView;
const act = (youthRef: string, stepId: string, action: string, key: string, body?: unknown) =>
  api.call('POST', `${processPath(victimCompensationId(youthRef))}/steps/${stepId}/${action}`, { key, body });
const view = async (youthRef: string) => (await api.call('GET', processPath(victimCompensationId(youthRef)), { key: keys.da.key })).body as ProcessView;
/** Waits until the step is there and `ok`. */
const stepWhen = (youthRef: string, id: string, ok: (s: StepView) => boolean) =>
  eventually(
    async () => {
      const s = (await view(youthRef)).steps.find((x) => x.id === id);
      return s && ok(s) && s;
    },
    30_000,
    `step ${id}`,
  );
const waiting = (s: StepView) => s.status === 'AWAITING_ACKNOWLEDGMENT';
const result = (youthRef: string) => stack.client.workflow.getHandle(victimCompensationId(youthRef)).result() as Promise<ClaimDecision>;

/** A registered youth whose claim the advocate opened, with who verifies for the minor settled. */
async function verifiedClaim(): Promise<string> {
  const youthRef = await registerYouth(api, keys.probation.key);
  expect((await open(keys.advocacy.key, youthRef)).status).toBe(201);
  await stepWhen(youthRef, 'claim-verifier', waiting);
  const res = await act(youthRef, 'claim-verifier', 'complete', keys.da.key, { outcome: 'OTHER_LEGAL_GUARDIAN' });
  expect([res.status, res.body.outcome]).toEqual([200, 'OTHER_LEGAL_GUARDIAN']);
  return youthRef;
}

describe('opening the claim', () => {
  test('the advocate and the VW consultant open one process: the first starts it (201), the second joins it (200)', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    const [a, b] = await Promise.all([open(keys.advocacy.key, youthRef), open(keys.da.key, youthRef)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.processId).toBe(`victim-compensation/${youthRef}`);
    expect(b.body.processId).toBe(a.body.processId);
    expect([a.body.started, b.body.started].sort()).toEqual([false, true]);
    expect(a.headers.get('location')).toBe(`/v1/victim-compensation/${youthRef}`);
    const again = await open(keys.advocacy.key, youthRef);
    expect([again.status, again.body.started, again.body.claim.status]).toEqual([200, false, 'NOT_FILED']);
    // Both agencies are parties; the VW consultant owes the verifier and the filing, and is emailed.
    const steps = await eventually(async () => {
      const v = await view(youthRef);
      return v.steps.every(waiting) && v.steps;
    });
    expect(steps.map((s) => [s.id, s.owing?.role])).toEqual([
      ['claim-verifier', 'VW_CONSULTANT'],
      ['claim-filing', 'VW_CONSULTANT'],
    ]);
    await waitForMail(stack, victimCompensationId(youthRef), { to: VW_CONSULTANT, title: steps[1].title });
    expect((await api.call('GET', `/v1/victim-compensation/${youthRef}`, { key: keys.advocacy.key })).status).toBe(200);
    const attributes = (await stack.client.workflow.getHandle(victimCompensationId(youthRef)).describe()).searchAttributes;
    expect(attributes).toMatchObject({ CsecObligation: ['victim-compensation'], CsecYouthRef: [youthRef], CsecCounty: ['Demo County'] });
  });

  test('a claim a subpoena opened (court support, as a child process) is joined: 200, not started', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    const input = { youthRef, county: 'Demo County', openedBy: 'SUBPOENA', openedByAgencyId: 'demo-da' } as const;
    await stack.client.workflow.start<typeof victimCompensation>('victimCompensation', {
      taskQueue: stack.taskQueue,
      workflowId: victimCompensationId(youthRef),
      args: [input],
    });
    const res = await open(keys.da.key, youthRef);
    expect([res.status, res.body.started, res.body.claim.openedBy]).toEqual([200, false, 'SUBPOENA']);
  });

  test('other agencies may not open it; an unknown youth is 404', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    for (const key of [keys.sheriff.key, keys.probation.key, keys.ssa.key, keys.admin.key]) {
      const res = await open(key, youthRef);
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    const unknown = await open(keys.da.key, 'Y-7K3M9Q2XHT-7');
    expect(unknown.status).toBe(404);
  });
});

describe('the claim followed to its decision', () => {
  test('filed → monthly check → denied → appeal step → appealed → approved: the process ends with the decision', async () => {
    const youthRef = await verifiedClaim();
    // Filed 31 days ago: the first monthly check is owed now.
    const filedAt = ago(31 * DAY);
    const filed = await setStatus(keys.da.key, youthRef, 'FILED', filedAt);
    expect([filed.status, filed.body.status]).toEqual([200, 'FILED']);
    expect(await stepWhen(youthRef, 'claim-filing', (s) => s.status === 'COMPLETED')).toMatchObject({ completedBy: 'demo-da' });
    await stepWhen(youthRef, 'claim-status-check-1', waiting);
    expect((await act(youthRef, 'claim-status-check-1', 'complete', keys.da.key)).status).toBe(200);
    // The next check is a month after the first was due: the series keeps the filing's monthly rhythm.
    const next = await stepWhen(youthRef, 'claim-status-check-2', (s) => s.status === 'SCHEDULED');
    expect(Date.parse(next.opensAt!)).toBe(Date.parse(filedAt) + 60 * DAY);

    const noticeAt = ago(60_000);
    const denied = await setStatus(keys.advocacy.key, youthRef, 'DENIED', noticeAt);
    expect([denied.status, denied.body.status, denied.body.appealBy]).toEqual([200, 'DENIED', new Date(Date.parse(noticeAt) + 45 * DAY).toISOString()]);
    expect(await stepWhen(youthRef, 'claim-status-check-2', (s) => s.status === 'WITHDRAWN')).toMatchObject({ closedReason: 'the claim was denied' });
    const appeal = await stepWhen(youthRef, 'claim-appeal', waiting);
    expect(Date.parse(appeal.dueAt!)).toBeLessThanOrEqual(Date.parse(noticeAt) + 45 * DAY);

    const appealed = await setStatus(keys.da.key, youthRef, 'APPEALED', ago(30_000));
    expect([appealed.status, appealed.body.status]).toEqual([200, 'APPEALED']);
    expect(await stepWhen(youthRef, 'claim-appeal', (s) => s.status === 'COMPLETED')).toMatchObject({ completedBy: 'demo-da' });
    await stepWhen(youthRef, 'claim-status-check-3', (s) => s.status === 'SCHEDULED');

    const approvedAt = ago(1000);
    const approved = await setStatus(keys.da.key, youthRef, 'APPROVED', approvedAt);
    expect([approved.status, approved.body.decision]).toEqual([200, { decision: 'APPROVED', decidedAt: new Date(approvedAt).toISOString() }]);
    expect(await result(youthRef)).toEqual({ decision: 'APPROVED', decidedAt: new Date(approvedAt).toISOString() });
    const closed = await view(youthRef);
    expect(closed.open).toBe(false);
    expect(closed.steps.find((s) => s.id === 'claim-status-check-3')).toMatchObject({ status: 'WITHDRAWN', closedReason: 'the claim was decided' });
    expect((await claimOf(youthRef)).history.map((h) => [h.status, h.agencyId])).toEqual([
      ['FILED', 'demo-da'],
      ['DENIED', 'demo-advocacy'],
      ['APPEALED', 'demo-da'],
      ['APPROVED', 'demo-da'],
    ]);
    // Decided and ended: opening it again names it; a status is refused as for any ended process.
    const reopened = await open(keys.advocacy.key, youthRef);
    expect([reopened.status, reopened.body.error.code, reopened.body.error.processId]).toEqual([409, 'CLAIM_DECIDED', victimCompensationId(youthRef)]);
    const late = await setStatus(keys.da.key, youthRef, 'DENIED', ago(0));
    expect([late.status, late.body.error.code]).toEqual([409, 'PROCESS_CLOSED']);
  });

  test('a denial after an appeal is final; a first denial whose 45 days have passed is final too', async () => {
    const appealedRef = await verifiedClaim();
    await setStatus(keys.da.key, appealedRef, 'FILED', ago(10 * DAY));
    await setStatus(keys.da.key, appealedRef, 'DENIED', ago(5 * DAY));
    await setStatus(keys.da.key, appealedRef, 'APPEALED', ago(4 * DAY));
    const deniedAt = ago(1000);
    const second = await setStatus(keys.da.key, appealedRef, 'DENIED', deniedAt);
    expect(second.body.decision).toEqual({ decision: 'DENIED', decidedAt: new Date(deniedAt).toISOString() });
    expect(await result(appealedRef)).toEqual(second.body.decision);

    const lapsedRef = await verifiedClaim();
    await setStatus(keys.da.key, lapsedRef, 'FILED', ago(60 * DAY));
    const noticeAt = Date.now() - 46 * DAY;
    await setStatus(keys.da.key, lapsedRef, 'DENIED', new Date(noticeAt).toISOString());
    expect(await result(lapsedRef)).toEqual({ decision: 'DENIED', decidedAt: new Date(noticeAt + 45 * DAY).toISOString() });
    // The window had passed: no appeal step was ever owed.
    expect((await view(lapsedRef)).steps.map((s) => s.kind)).not.toContain('claim-appeal');
  });

  test('the youth does not appeal: completing the appeal step with NOT_APPEALING makes the denial final', async () => {
    const youthRef = await verifiedClaim();
    await setStatus(keys.da.key, youthRef, 'FILED', ago(3 * DAY));
    await setStatus(keys.da.key, youthRef, 'DENIED', ago(DAY));
    await stepWhen(youthRef, 'claim-appeal', waiting);
    expect((await act(youthRef, 'claim-appeal', 'complete', keys.da.key, { outcome: 'NOT_APPEALING' })).status).toBe(200);
    expect((await result(youthRef)).decision).toBe('DENIED');
  });
});

describe('refused status changes', () => {
  test('jumps the law does not allow are 409 CLAIM_STATUS_NOT_ALLOWED; bad input 400; strangers 404', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    expect((await open(keys.da.key, youthRef)).status).toBe(201);
    const refused = async (status: string, at: string, key: string = keys.da.key) => {
      const res = await setStatus(key, youthRef, status, at);
      return [res.status, res.body.error?.code];
    };
    expect(await refused('APPROVED', ago(1000))).toEqual([409, 'CLAIM_STATUS_NOT_ALLOWED']);
    expect(await refused('DENIED', ago(1000))).toEqual([409, 'CLAIM_STATUS_NOT_ALLOWED']);
    expect(await refused('APPEALED', ago(1000))).toEqual([409, 'CLAIM_STATUS_NOT_ALLOWED']);
    // Nobody has settled who verifies for the minor yet.
    expect(await refused('FILED', ago(1000))).toEqual([409, 'WRONG_STATE']);
    expect(await refused('PAID', ago(1000))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refused('NOT_FILED', ago(1000))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refused('FILED', new Date(Date.now() + DAY).toISOString())).toEqual([400, 'VALIDATION_FAILED']);
    // Not a party: the process does not exist for them; a party that may not record: 403.
    expect(await refused('FILED', ago(1000), keys.ssa.key)).toEqual([404, 'PROCESS_NOT_FOUND']);
    expect(await refused('FILED', ago(1000), keys.admin.key)).toEqual([403, 'FORBIDDEN']);
    expect((await api.call('GET', `/v1/victim-compensation/${youthRef}`, { key: keys.probation.key })).status).toBe(404);

    await stepWhen(youthRef, 'claim-verifier', waiting);
    await act(youthRef, 'claim-verifier', 'complete', keys.da.key, { outcome: 'PARENT_OR_GUARDIAN' });
    expect((await setStatus(keys.da.key, youthRef, 'FILED', ago(DAY))).status).toBe(200);
    // A retry of the same status answers the claim unchanged.
    const retry = await setStatus(keys.da.key, youthRef, 'FILED', ago(DAY));
    expect([retry.status, retry.body.history.length]).toEqual([200, 1]);
    expect(await refused('APPEALED', ago(1000))).toEqual([409, 'CLAIM_STATUS_NOT_ALLOWED']);
    expect(await refused('DENIED', ago(2 * DAY))).toEqual([400, 'INVALID_REQUEST']);
    expect(await refused('NOT_FILED', ago(1000))).toEqual([400, 'VALIDATION_FAILED']);
    expect((await claimOf(youthRef)).status).toBe('FILED');
  });
});

describe('followers', () => {
  test('a follower is told of the decision, across continue-as-new; one that comes after the end finds it ended', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    // Opened as the API does, with continue-as-new forced early.
    const input = { youthRef, county: 'Demo County', openedBy: 'VW_CONSULTANT', openedByAgencyId: 'demo-da', continueAsNewAfterEvents: 40 } as const;
    await openVictimCompensation(stack.client, stack.taskQueue, input, demo.da);
    const follower = await stack.client.workflow.start<typeof claimFollower>('claimFollower', {
      taskQueue: followers.taskQueue,
      workflowId: `claim-follower-${randomUUID()}`,
      args: [youthRef],
    });
    const claim = stack.client.workflow.getHandle(victimCompensationId(youthRef));
    const firstRun = (await claim.describe()).runId;
    await stepWhen(youthRef, 'claim-verifier', waiting);
    await act(youthRef, 'claim-verifier', 'complete', keys.da.key, { outcome: 'COUNTY_PLACING_AGENCY' });
    await claim.executeUpdate(recordClaimStatus, { args: [{ status: 'FILED', at: ago(40 * DAY), actor: demo.da }] });
    await stepWhen(youthRef, 'claim-status-check-1', waiting);
    await act(youthRef, 'claim-status-check-1', 'complete', keys.da.key);
    await eventually(async () => (await claim.describe()).runId !== firstRun, 30_000, 'a continued run');
    const approvedAt = ago(1000);
    await claim.executeUpdate(recordClaimStatus, { args: [{ status: 'APPROVED', at: approvedAt, actor: demo.da }] });
    expect(await follower.result()).toEqual({ decision: 'APPROVED', decidedAt: new Date(approvedAt).toISOString() });
    await claim.result();
    const late = await stack.client.workflow.start<typeof claimFollower>('claimFollower', {
      taskQueue: followers.taskQueue,
      workflowId: `claim-follower-${randomUUID()}`,
      args: [youthRef],
    });
    expect(await late.result()).toBe('ENDED');
  });
});
