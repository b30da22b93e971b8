// Timer policies through the API, on real services: who may change them, their bounds, the audit
// trail, and rollouts that re-time 30 waiting LE-contact processes (strict and grace, a dry run
// first, a worker restart mid-way), while scope `new` leaves running processes alone.
import type { WorkflowHandle } from '@temporalio/client';
import { generateApiKey } from '../common/api-keys';
import { startLeContact } from '../common/processes';
import * as le from '../workflows/le-contact-steps';
import type { RolloutProgress } from '../workflows/policy-rollout-input';
import { serveApi, type TestApi } from './support/api';
import { eventually, startStack, TEST_CASE_INDEX_KEY, type TestStack } from './support/stack';
import { demoEncounter, duplicateMessageIds, eventsOf, mails, sleep, stepOf, waitForStep } from './support/steps';

const ADMIN = 'csec_demoadmin_DEMO-ONLY-county-administrator-01';
const ADVOCACY = 'csec_demoadvocacy_DEMO-ONLY-advocacy-key-0001';
const COUNTY = 'Demo County';
const BACKUP_ADVOCATE = 'backup-advocate@advocacy.demo.example';
const policyPath = (step: string, obligation = 'le-contact') => `/v1/admin/timer-policies/${obligation}/${step}`;

// Processes, deadlines and rollouts on 2 shared cores: generous.
jest.setTimeout(240_000);

let stack: TestStack;
let api: TestApi;

const TOUCHED = ['advocate-response', 'child-abuse-phone-report', 'child-abuse-written-report', 'missing-report-to-le'];
// Rows for every county ('') that an earlier suite left would change the values this one expects.
const cleanUp = async () => {
  await stack.db.timerPolicy.deleteMany({ where: { county: { in: [COUNTY, ''] }, step: { in: TOUCHED } } });
  await stack.db.timerPolicyChange.deleteMany({ where: { county: COUNTY } });
};

beforeAll(async () => {
  stack = await startStack();
  // Seconds-long timers, as the worker's floor allows; pages of 10 make the rollout continue as new.
  api = await serveApi(stack, { timerPolicies: { floorSeconds: 1, pageSize: 10, concurrency: 4 } });
  await cleanUp();
});
afterAll(async () => {
  await cleanUp();
  await api?.close();
  await stack?.close();
});

const put = (step: string, body: object, key = ADMIN) => api.call('PUT', policyPath(step), { key, body });

const finished = (rolloutId: string, timeoutMs = 120_000) =>
  eventually(
    async () => {
      const res = await api.call('GET', `/v1/admin/rollouts/${rolloutId}`, { key: ADMIN });
      return res.status === 200 && res.body.status === 'DONE' && (res.body as RolloutProgress);
    },
    timeoutMs,
    `rollout ${rolloutId} done`,
  );

const retimedCount = async (workflowId: string, stepId: string) => (await eventsOf(stack.db, workflowId))[stepId]?.filter((e) => e === 'RETIMED').length ?? 0;

describe('who may change a policy, and within which bounds', () => {
  test('the list shows every step kind with its MOU default, ceiling and the county value', async () => {
    const res = await api.call('GET', '/v1/admin/timer-policies', { key: ADMIN });
    expect(res.status).toBe(200);
    expect(res.body.county).toBe(COUNTY);
    const advocate = res.body.policies.find((p: { step: string }) => p.step === 'advocate-response');
    expect(advocate).toMatchObject({
      obligation: 'le-contact',
      defaults: { acknowledgeWithinSeconds: 900, completeWithinSeconds: 5400, escalateEverySeconds: 900 },
      value: { acknowledgeWithinSeconds: 900 },
      source: 'default',
      lastChange: null,
    });
    const toLe = res.body.policies.find((p: { step: string }) => p.step === 'missing-report-to-le');
    expect(toLe).toMatchObject({ obligation: 'missing-youth', maxSeconds: 7200, legalCeiling: { seconds: 7200 } });
  });

  test('a non-administrator is refused (403), and so is another county’s administrator reading a rollout', async () => {
    expect((await put('advocate-response', { acknowledgeWithinSeconds: 600, reason: 'r', scope: 'new' }, ADVOCACY)).status).toBe(403);
    expect((await api.call('GET', '/v1/admin/timer-policies', { key: ADVOCACY })).status).toBe(403);
    const neighbor = generateApiKey();
    await stack.db.apiKey.create({
      data: {
        agencyId: 'neighbor-probation',
        admin: true,
        label: 'neighbor admin (timer policies test)',
        prefix: neighbor.prefix,
        secretHash: neighbor.secretHash,
      },
    });
    const ours = await put('child-abuse-written-report', { escalateEverySeconds: 3600, reason: 'Rollout with nothing to re-time', scope: 'running' });
    expect(ours.status).toBe(202);
    await finished(ours.body.rolloutId);
    const theirs = await api.call('GET', `/v1/admin/rollouts/${ours.body.rolloutId}`, { key: neighbor.key });
    expect(theirs.status).toBe(403);
    expect(theirs.body.error.code).toBe('FORBIDDEN');
    // Their own change is their county's: ours is untouched.
    expect((await put('child-abuse-written-report', { escalateEverySeconds: 5400, reason: 'Neighbor', scope: 'new' }, neighbor.key)).status).toBe(200);
    const list = await api.call('GET', '/v1/admin/timer-policies', { key: ADMIN });
    expect(list.body.policies.find((p: { step: string }) => p.step === 'child-abuse-written-report').value.escalateEverySeconds).toBe(3600);
    await stack.db.timerPolicy.deleteMany({ where: { county: { not: COUNTY }, step: 'child-abuse-written-report' } });
  });

  test('the routes are in the OpenAPI document; an unknown rollout is 404', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    expect(Object.keys(body.paths['/v1/admin/timer-policies'])).toEqual(['get']);
    expect(Object.keys(body.paths['/v1/admin/timer-policies/{obligation}/{step}'])).toEqual(['put']);
    expect(Object.keys(body.paths['/v1/admin/rollouts/{rolloutId}'])).toEqual(['get']);
    expect(body.components.schemas.TimerPolicyChange.additionalProperties).toBe(false);
    const unknown = await api.call('GET', '/v1/admin/rollouts/00000000-0000-4000-8000-000000000000', { key: ADMIN });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ROLLOUT_NOT_FOUND');
  });

  test('unknown obligations and step kinds are 404 with a code', async () => {
    const body = { acknowledgeWithinSeconds: 600, reason: 'r', scope: 'new' };
    const noObligation = await api.call('PUT', policyPath('advocate-response', 'no-such-obligation'), { key: ADMIN, body });
    expect(noObligation.status).toBe(404);
    expect(noObligation.body.error.code).toBe('STEP_KIND_NOT_FOUND');
    const noStep = await put('no-such-step', body);
    expect(noStep.status).toBe(404);
    expect(noStep.body.error.code).toBe('STEP_KIND_NOT_FOUND');
  });

  test('values out of bounds are 400 with the fields; legal ceilings are hard caps; a reason is required', async () => {
    const tooLong = await api.call('PUT', policyPath('missing-report-to-le', 'missing-youth'), {
      key: ADMIN,
      body: { completeWithinSeconds: 3 * 3600, escalateEverySeconds: 0, reason: 'Longer', scope: 'new' },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('OUT_OF_BOUNDS');
    expect(tooLong.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.completeWithinSeconds', 'body.escalateEverySeconds']);
    const noCompletion = await put('child-abuse-phone-report', { completeWithinSeconds: 600, reason: 'r', scope: 'new' });
    expect(noCompletion.body.error.fields).toEqual([{ path: 'body.completeWithinSeconds', message: 'this step kind has no completion deadline' }]);
    const noReason = await put('advocate-response', { acknowledgeWithinSeconds: 600, scope: 'new' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.reason']);
    expect(await stack.db.timerPolicy.count({ where: { county: COUNTY, step: { in: ['missing-report-to-le', 'advocate-response'] } } })).toBe(0);
  });
});

describe('rolling a change out to 30 waiting LE-contact processes', () => {
  const start = (n: number) =>
    Promise.all(
      Array.from({ length: n }, () =>
        startLeContact(stack.client, stack.taskQueue, demoEncounter('IDENTIFIED', { participatedInInvestigation: true }), TEST_CASE_INDEX_KEY),
      ),
    );
  const waiting = (handles: WorkflowHandle[], stepId: string) =>
    Promise.all(handles.map((h) => waitForStep(h, stepId, (s) => s.status === 'AWAITING_ACKNOWLEDGMENT', `${stepId} waiting`, 60_000)));
  let early: WorkflowHandle[];
  let late: WorkflowHandle[];
  let earlyOpened: number;
  const NEW_ACK = 90;
  const all = () => [...early, ...late];

  test('scope new: processes started afterwards get it; running ones are left alone', async () => {
    const res = await put('advocate-response', { acknowledgeWithinSeconds: 600, reason: 'Baseline for the test', scope: 'new' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, rolloutId: null, policy: { value: { acknowledgeWithinSeconds: 600 }, source: 'county' } });
    early = await start(15);
    const opened = await waiting(early, 'advocate-response');
    for (const s of opened) expect(Date.parse(s.dueAt!) - Date.parse(s.openedAt!)).toBe(600_000);
    // The late ones open at least 30 s after the early ones; the rollout waits until the early
    // ones are past the new deadline, while the late ones still have 30 s and more before theirs.
    earlyOpened = Math.max(...opened.map((s) => Date.parse(s.openedAt!)));
    await sleep(30_000);
    late = await start(15);
    await waiting(late, 'advocate-response');
    await waiting(all(), 'child-abuse-phone-report');

    const before = await Promise.all(all().map((h) => stepOf(h, 'advocate-response')));
    expect((await put('advocate-response', { escalateEverySeconds: 1800, reason: 'Only new processes', scope: 'new' })).status).toBe(200);
    await sleep(2000);
    const after = await Promise.all(all().map((h) => stepOf(h, 'advocate-response')));
    expect(after.map((s) => s!.dueAt)).toEqual(before.map((s) => s!.dueAt));
    for (const h of all()) expect(await retimedCount(h.workflowId, 'advocate-response')).toBe(0);
  });

  test('strict: a dry run predicts the counts; then each re-arms, those past the new deadline escalate at once with one email each', async () => {
    const change = { acknowledgeWithinSeconds: NEW_ACK, reason: 'The advocate acknowledges faster', scope: 'running', overdue: 'strict' };
    await sleep(earlyOpened + (NEW_ACK + 2) * 1000 - Date.now());
    const dry = await put('advocate-response', { ...change, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.preview).toMatchObject({
      dryRun: true,
      status: 'DONE',
      matched: 30,
      updated: 30,
      failed: [],
      steps: { rearmed: 15, escalateNow: 15, graced: 0 },
    });
    expect((await stack.db.timerPolicy.findFirst({ where: { county: COUNTY, step: 'advocate-response' } }))!.acknowledgeWithinSeconds).toBe(600);
    for (const h of all()) expect(await retimedCount(h.workflowId, 'advocate-response')).toBe(0);

    const res = await put('advocate-response', change);
    expect(res.status).toBe(202);
    const { rolloutId } = res.body;
    // A second rollout of the kind while this one runs names it.
    const second = await put('advocate-response', { ...change, acknowledgeWithinSeconds: 30 });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'ROLLOUT_RUNNING', rolloutId });

    const done = await finished(rolloutId);
    expect(done).toMatchObject({ matched: 30, updated: 30, skipped: 0, failed: [], steps: dry.body.preview.steps });

    // The late ones wait for their new deadline, from their opening; the early ones escalated.
    for (const h of late) {
      const s = (await stepOf(h, 'advocate-response'))!;
      expect(Date.parse(s.dueAt!) - Date.parse(s.openedAt!)).toBe(NEW_ACK * 1000);
      expect(await retimedCount(h.workflowId, 'advocate-response')).toBe(1);
    }
    for (const h of early) await waitForStep(h, 'advocate-response', (s) => s.overdue && s.escalations.length === 1, 'escalated at once', 30_000);
    const title = le.advocateResponse.title;
    await eventually(() => early.every((h) => mails(stack, h.workflowId, { title, to: BACKUP_ADVOCATE }).length > 0), 30_000, 'the backup advocates emailed');
    await sleep(3000);
    for (const h of early) {
      const escalations = mails(stack, h.workflowId, { title, to: BACKUP_ADVOCATE });
      expect(escalations).toHaveLength(1);
      expect(duplicateMessageIds(escalations)).toEqual([]);
    }

    // The audit: who, old, new, why, scope.
    const changeRow = await stack.db.timerPolicyChange.findUnique({ where: { rolloutId } });
    expect(changeRow).toMatchObject({
      actor: 'demo-da',
      reason: 'The advocate acknowledges faster',
      scope: 'running',
      previous: { acknowledgeWithinSeconds: 600, completeWithinSeconds: 5400, escalateEverySeconds: 1800 },
      next: { acknowledgeWithinSeconds: NEW_ACK, completeWithinSeconds: 5400, escalateEverySeconds: 1800 },
      result: expect.objectContaining({ updated: 30 }),
    });
    const audit = await stack.db.auditEvent.findFirst({ where: { action: 'api.timer-policy.put', detail: { path: ['rolloutId'], equals: rolloutId } } });
    expect(audit).toMatchObject({
      actor: 'demo-da',
      detail: expect.objectContaining({ reason: change.reason, previous: changeRow!.previous, next: changeRow!.next }),
    });
    const list = await api.call('GET', '/v1/admin/timer-policies', { key: ADMIN });
    expect(list.body.policies.find((p: { step: string }) => p.step === 'advocate-response')).toMatchObject({
      value: { acknowledgeWithinSeconds: NEW_ACK },
      lastChange: { by: 'demo-da', reason: change.reason, scope: 'running', rolloutId },
    });
  });

  test('grace: steps past the new deadline become due after the grace period and escalate then', async () => {
    const change = { acknowledgeWithinSeconds: 12, reason: 'Phone reports sooner', scope: 'running', graceSeconds: 20 };
    const dry = await put('child-abuse-phone-report', { ...change, dryRun: true });
    expect(dry.body.preview).toMatchObject({ matched: 30, updated: 30, steps: { rearmed: 0, escalateNow: 0, graced: 30 } });
    const t0 = Date.now();
    const res = await put('child-abuse-phone-report', change);
    expect(res.status).toBe(202);
    const done = await finished(res.body.rolloutId);
    expect(done).toMatchObject({ updated: 30, failed: [], steps: dry.body.preview.steps });
    const escalated = await Promise.all(
      all().map((h) => waitForStep(h, 'child-abuse-phone-report', (s) => s.escalations.length === 1, 'escalated after the grace period', 90_000)),
    );
    for (const s of escalated) expect(Date.parse(s.escalations[0].at)).toBeGreaterThanOrEqual(t0 + 20_000);
  });

  test('the rollout survives a worker restart mid-way and re-times no process twice', async () => {
    const res = await put('child-abuse-written-report', { acknowledgeWithinSeconds: 7200, reason: 'Written report acknowledged sooner', scope: 'running' });
    expect(res.status).toBe(202);
    const { rolloutId } = res.body;
    await eventually(
      async () => {
        const p = await api.call('GET', `/v1/admin/rollouts/${rolloutId}`, { key: ADMIN });
        return p.body.updated >= 2;
      },
      60_000,
      'a few processes re-timed',
    );
    await stack.stopWorker();
    await stack.startWorker();
    const done = await finished(rolloutId);
    expect(done.updated + done.skipped).toBe(30);
    expect(done.failed).toEqual([]);
    for (const h of all()) expect(await retimedCount(h.workflowId, 'child-abuse-written-report')).toBe(1);
    await Promise.all(all().map((h) => h.terminate('test done')));
  });
});
