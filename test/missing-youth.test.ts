// The missing-youth episode over real HTTP, the test Temporal server and a real SMTP sink: one
// episode per youth (Update-with-Start), the warrant request only for a probation ward and only
// after the grace window, the located report's recovery steps, a false alarm, bad input.
import { generateApiKey } from '../common/api-keys';
import { DEMO_API_KEYS } from '../prisma/seed';
import { missingYouthWorkflowId } from '../common/processes';
import type { ProcessView, StepView } from '../workflows/types';
import { processPath, registerYouth, serveApi, settled, type TestApi } from './support/api';
import { eventually, setTimers, startStack, uniqueRef, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
const SUPERVISOR = 'supervising-po@probation.demo.example';
const COORDINATOR = 'mdt-coordinator@da.demo.example';

let stack: TestStack;
let api: TestApi;

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
});
afterAll(async () => {
  await stack?.db.timerPolicy.deleteMany({ where: { obligation: 'missing-youth' } });
  await api?.close();
  await stack?.close();
});

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ward = { kind: 'PROBATION_WARD', onGps: true };
const report = (youthRef: string, extra: Record<string, unknown> = {}) => ({
  youthRef,
  source: 'GPS_ALERT',
  lastSeenAt: ago(20 * 60_000),
  legalStatus: ward,
  ...extra,
});
const send = (key: string, body: unknown) => api.call('POST', '/v1/missing-reports', { key, body });
const located = (processId: string, key: string, whereNow = 'HOME') =>
  api.call('POST', `/v1/missing-reports/${encodeURIComponent(processId)}/located`, { key, body: { locatedAt: ago(60_000), whereNow } });
const act = (processId: string, stepId: string, action: string, key: string, body?: unknown) =>
  api.call('POST', `${processPath(processId)}/steps/${stepId}/${action}`, { key, body });
const view = async (processId: string, key: string = keys.probation.key) => (await api.call('GET', processPath(processId), { key })).body as ProcessView;
const step = (v: ProcessView, kind: string): StepView | undefined => v.steps.find((s) => s.kind === kind);
const drafts = (processId: string) => stack.db.warrantRequest.findMany({ where: { workflowId: processId } });
/** The grace window before a warrant request is drafted (a policy row; the default is 2 h). */
const grace = async (seconds: number | null) =>
  seconds === null
    ? stack.db.timerPolicy.deleteMany({ where: { obligation: 'missing-youth', step: 'warrant-request-grace' } })
    : setTimers(stack.db, 'missing-youth', 'warrant-request-grace', {
        acknowledgeWithinSeconds: seconds,
        completeWithinSeconds: null,
        escalateEverySeconds: seconds,
      });

/** A registered youth reported missing by `key`'s agency; answers the process id. */
async function reportMissing(key: string, extra: Record<string, unknown> = {}): Promise<string> {
  const youthRef = await registerYouth(api, keys.probation.key);
  const res = await send(key, report(youthRef, extra));
  expect([res.status, res.body]).toEqual([201, { processId: missingYouthWorkflowId(youthRef), attached: false, reports: 1 }]);
  return res.body.processId as string;
}

async function confirm(processId: string, key: string, outcome = 'CONFIRMED_MISSING'): Promise<void> {
  const res = await act(processId, 'verify-missing', 'complete', key, { outcome });
  expect([res.status, res.body.status]).toEqual([200, 'COMPLETED']);
}

const missingKinds = (extra: string[] = []) =>
  ['verify-missing', 'missing-report-to-le', 'missing-report-to-ncmec', 'parent-notice', 'le-assist-locate', 'advocate-missing-notice', ...extra].sort();

describe('POST /v1/missing-reports: bad input', () => {
  test('an unknown youth is 404 YOUTH_NOT_FOUND', async () => {
    const res = await send(keys.probation.key, report(uniqueRef()));
    expect([res.status, res.body.error.code]).toEqual([404, 'YOUTH_NOT_FOUND']);
  });

  test('a last-seen time in the future is 400 VALIDATION_FAILED', async () => {
    const res = await send(keys.probation.key, report(await registerYouth(api, keys.probation.key), { lastSeenAt: ago(-3600_000) }));
    expect([res.status, res.body.error.code, res.body.error.fields.map((f: { path: string }) => f.path)]).toEqual([
      400,
      'VALIDATION_FAILED',
      ['body.lastSeenAt'],
    ]);
  });

  test('a legal status that is not one of the three is 400', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    for (const legalStatus of [{ kind: 'PROBATION_WARD' }, { kind: 'PAROLEE' }, { kind: 'DEPENDENT', onGps: true }]) {
      const res = await send(keys.probation.key, report(youthRef, { legalStatus }));
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  test('an agency type that may not report is 403 FORBIDDEN', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    for (const key of [keys.advocacy.key, keys.da.key, keys.health.key, keys.admin.key]) {
      const res = await send(key, report(youthRef));
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
  });
});

describe('a probation ward on GPS', () => {
  test('GPS alert → verified → grace passes → one warrant request drafted, its approver emailed → a second report attaches without a second draft', async () => {
    await grace(2);
    const processId = await reportMissing(keys.probation.key);
    expect(processId).toMatch(/^missing-youth\/Y-[0-9A-Z]{10}-[0-9A-Z]$/);
    // The DPO is asked to verify; nothing else is owed until the youth is confirmed missing.
    const verifying = await settled(api, processId, keys.probation.key, 1);
    expect(step(verifying, 'verify-missing')).toMatchObject({ status: 'AWAITING_ACKNOWLEDGMENT', owing: { agencyId: 'demo-probation', role: 'DPO' } });

    await confirm(processId, keys.probation.key);
    const v = await settled(api, processId, keys.probation.key, 7);
    expect(v.steps.map((s) => s.kind).sort()).toEqual(
      [...missingKinds(['warrant-request'])].map((k) => (k === 'advocate-missing-notice' ? 'confidential' : k)).sort(),
    );
    const rows = await drafts(processId);
    expect(rows).toHaveLength(1);
    expect(step(v, 'warrant-request')).toMatchObject({ status: 'AWAITING_ACKNOWLEDGMENT', owing: { agencyId: 'demo-probation', role: 'SUPERVISOR' } });
    const mail = await stack.smtp.waitFor((m) => m.to.includes(SUPERVISOR) && m.text.includes(processId) && m.text.includes(rows[0].id));
    expect(mail.text).toContain(`Warrant request draft: ${rows[0].id}`);

    // A second alert (LE this time) joins the episode: nothing new is drafted, opened or sent.
    const sent = stack.smtp.received.length;
    const again = await send(keys.sheriff.key, report(v.youthRef, { source: 'LE' }));
    expect([again.status, again.body]).toEqual([200, { processId, attached: true, reports: 2 }]);
    // An agency with no step in the episode (SSA, for a probation ward) becomes a party by reporting into it.
    expect((await api.call('GET', processPath(processId), { key: keys.ssa.key })).status).toBe(404);
    const ssa = await send(keys.ssa.key, report(v.youthRef, { source: 'PLACEMENT' }));
    expect([ssa.status, ssa.body]).toEqual([200, { processId, attached: true, reports: 3 }]);
    expect((await api.call('GET', processPath(processId), { key: keys.ssa.key })).status).toBe(200);
    await sleep(3000);
    expect(await drafts(processId)).toHaveLength(1);
    expect((await view(processId)).steps).toHaveLength(7);
    expect(stack.smtp.received.length).toBe(sent);
    const audits = await stack.db.auditEvent.findMany({
      where: { workflowId: processId, action: { startsWith: 'api.missing-report' } },
      orderBy: { at: 'asc' },
    });
    expect(audits.map((a) => [a.actor, a.action])).toEqual([
      ['demo-probation', 'api.missing-report.create'],
      ['demo-sheriff', 'api.missing-report.attach'],
      ['demo-ssa', 'api.missing-report.attach'],
    ]);
  });

  test('two racing reports make one episode', async () => {
    const youthRef = await registerYouth(api, keys.probation.key);
    const answers = await Promise.all([send(keys.probation.key, report(youthRef)), send(keys.sheriff.key, report(youthRef, { source: 'LE' }))]);
    const processId = missingYouthWorkflowId(youthRef);
    expect(answers.map((a) => a.body.processId)).toEqual([processId, processId]);
    expect(answers.map((a) => [a.status, a.body.attached]).sort()).toEqual([
      [200, true],
      [201, false],
    ]);
    const runs = [];
    for await (const w of stack.client.workflow.list({ query: `WorkflowId = "${processId}"` })) runs.push(w.runId);
    expect(runs).toHaveLength(1);
  });

  test('located before the grace window: no warrant, the missing steps withdrawn, recovery opens; the debrief records an outcome only', async () => {
    await grace(null);
    const processId = await reportMissing(keys.probation.key);
    await confirm(processId, keys.probation.key);
    const { youthRef } = await settled(api, processId, keys.probation.key, 6);
    // A later report that the parent is a suspected exploiter: the parent is not told after all.
    const suspected = await send(keys.sheriff.key, report(youthRef, { source: 'LE', parentSuspectedExploiter: true }));
    expect([suspected.status, suspected.body.attached]).toEqual([200, true]);
    expect(step(await view(processId), 'parent-notice')).toMatchObject({ status: 'WITHDRAWN', closedReason: 'the parent is a suspected exploiter' });

    // Health has no part in the episode yet: to it, the episode is answered exactly like one that does not exist.
    const stranger = await located(processId, keys.health.key);
    const none = await located(missingYouthWorkflowId(uniqueRef()), keys.health.key);
    expect([stranger.status, stranger.body]).toEqual([404, none.body]);
    // LE, asked to help locate, is a party of the episode.
    const res = await located(processId, keys.sheriff.key);
    expect(res.status).toBe(200);
    expect([...res.body.withdrawnSteps].sort()).toEqual(missingKinds().filter((k) => k !== 'verify-missing' && k !== 'parent-notice'));
    expect(res.body.openedSteps).toEqual(['advocate-post-return-contact', 'health-check-referral', 'return-debrief']);
    const v = await settled(api, processId, keys.probation.key, 9);
    expect(step(v, 'warrant-request')).toBeUndefined();
    expect(step(v, 'warrant-recall')).toBeUndefined();
    expect(step(v, 'return-debrief')).toMatchObject({ status: 'AWAITING_ACKNOWLEDGMENT', owing: { agencyId: 'demo-probation', role: 'DPO' } });
    expect(await drafts(processId)).toHaveLength(0);

    const again = await located(processId, keys.probation.key);
    expect([again.status, again.body.error.code]).toEqual([409, 'WRONG_STATE']);
    // While recovery runs, the episode takes no new missing report (one opens a new episode once it ends).
    const rerun = await send(keys.probation.key, report(youthRef));
    expect([rerun.status, rerun.body.error.code]).toEqual([409, 'WRONG_STATE']);
    const statement = await act(processId, 'return-debrief', 'complete', keys.probation.key, { record: 'The youth said where she stayed' });
    expect([statement.status, statement.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
    const done = await act(processId, 'return-debrief', 'complete', keys.probation.key, { outcome: 'EXPLOITATION_INDICATED' });
    expect([done.status, done.body.outcome]).toEqual([200, 'EXPLOITATION_INDICATED']);
  });

  test('at once on the DPO’s word; unapproved, the warrant request climbs to the MDT coordinator; located after it, the recall opens', async () => {
    await grace(null);
    await setTimers(stack.db, 'missing-youth', 'warrant-request', { acknowledgeWithinSeconds: 1, completeWithinSeconds: 1, escalateEverySeconds: 1 });
    try {
      const processId = await reportMissing(keys.probation.key);
      await confirm(processId, keys.probation.key, 'CONFIRMED_MISSING_WARRANT_NOW');
      const [draft] = await eventually(async () => (await drafts(processId)).length === 1 && drafts(processId), 20_000, 'the draft');
      await eventually(async () => step(await view(processId), 'warrant-request')?.level === 1, 30_000, 'the coordinator level');
      const escalated = await stack.smtp.waitFor((m) => m.to.includes(COORDINATOR) && m.text.includes(processId) && m.text.includes(draft.id));
      expect(escalated.text).toContain('escalation level 1');

      const res = await located(processId, keys.probation.key, 'CUSTODY');
      expect(res.body.withdrawnSteps).toContain('warrant-request');
      expect(res.body.openedSteps).toEqual(['warrant-recall', 'advocate-post-return-contact', 'health-check-referral', 'return-debrief']);
      const recall = step(await settled(api, processId, keys.probation.key, 11), 'warrant-recall');
      expect(recall).toMatchObject({ status: 'AWAITING_ACKNOWLEDGMENT', owing: { agencyId: 'demo-probation', role: 'DPO' } });
      await stack.smtp.waitFor(
        (m) => m.to.includes('jjc-intake-dpo@probation.demo.example') && m.text.includes('recalls the warrant request') && m.text.includes(draft.id),
      );
      expect(await drafts(processId)).toHaveLength(1);
    } finally {
      await stack.db.timerPolicy.deleteMany({ where: { obligation: 'missing-youth', step: 'warrant-request' } });
    }
  });

  test('a false alarm withdraws everything and sends nothing more; the closed episode refuses a located report, and a new report opens a new one', async () => {
    await grace(1);
    const processId = await reportMissing(keys.probation.key);
    await settled(api, processId, keys.probation.key, 1);
    await stack.smtp.waitFor((m) => m.text.includes(processId));
    const sent = stack.smtp.received.length;
    await confirm(processId, keys.probation.key, 'FALSE_ALARM');
    const handle = stack.client.workflow.getHandle(processId);
    const result = await handle.result();
    expect(result).toMatchObject({ falseAlarm: true, reports: 1 });
    expect(result.warrantRequestId).toBeUndefined();
    await sleep(2000);
    expect(stack.smtp.received.length).toBe(sent);
    expect(await drafts(processId)).toHaveLength(0);

    const late = await located(processId, keys.probation.key);
    expect([late.status, late.body.error.code]).toEqual([409, 'PROCESS_CLOSED']);
    // Another agency with no part in it learns nothing.
    const stranger = await located(processId, keys.health.key);
    expect([stranger.status, stranger.body.error.code]).toEqual([404, 'PROCESS_NOT_FOUND']);

    const youthRef = processId.split('/')[1];
    const next = await send(keys.probation.key, report(youthRef));
    expect([next.status, next.body]).toEqual([201, { processId, attached: false, reports: 1 }]);
    expect((await stack.client.workflow.getHandle(processId).describe()).status.name).toBe('RUNNING');
  });
});

describe('no warrant without a probation status', () => {
  test('a dependent: SSA holds the case and is told; the reports and locating steps, no warrant request', async () => {
    await grace(1);
    const processId = await reportMissing(keys.ssa.key, { source: 'PLACEMENT', legalStatus: { kind: 'DEPENDENT' } });
    expect(step(await settled(api, processId, keys.ssa.key, 1), 'verify-missing')).toMatchObject({ owing: { agencyId: 'demo-ssa', role: 'SOCIAL_WORKER' } });
    await confirm(processId, keys.ssa.key);
    const v = await settled(api, processId, keys.ssa.key, 7);
    expect(v.steps.map((s) => s.kind).sort()).toEqual(
      missingKinds(['ssa-missing-notice'])
        .map((k) => (k === 'advocate-missing-notice' ? 'confidential' : k))
        .sort(),
    );
    expect(step(v, 'missing-report-to-ncmec')).toMatchObject({ owing: { agencyId: 'demo-ssa', role: 'SOCIAL_WORKER' } });
    await sleep(3000);
    expect(await drafts(processId)).toHaveLength(0);
    expect(step(await view(processId, keys.ssa.key), 'warrant-request')).toBeUndefined();
  });

  test('the LE agency that first identified the youth, when not the county’s, is asked to help locate too (LE §5)', async () => {
    const { key, prefix, secretHash } = generateApiKey();
    await stack.db.apiKey.create({ data: { agencyId: 'demo-city-pd', label: 'missing-youth test key', prefix, secretHash } });
    const youthRef = await registerYouth(api, keys.probation.key);
    const encounter = await api.call('POST', '/v1/encounters', {
      key,
      body: { youthRef, encounterId: 'E-CITY-1', encounterType: 'IDENTIFIED', occurredAt: ago(86_400_000) },
    });
    expect(encounter.status).toBe(201);
    // The identification is known from the LE-contact process's recorded facts.
    await eventually(async () => (await stack.db.stepFact.count({ where: { workflowId: encounter.body.processId } })) > 0, 30_000, 'the encounter recorded');
    const res = await send(keys.probation.key, report(youthRef));
    const processId = res.body.processId as string;
    await confirm(processId, keys.probation.key);
    await eventually(
      async () => step(await view(processId), 'le-assist-locate-identifying')?.status === 'AWAITING_ACKNOWLEDGMENT',
      30_000,
      'the city police step',
    );
    expect(step(await view(processId), 'le-assist-locate-identifying')!.owing).toMatchObject({ agencyId: 'demo-city-pd', role: 'OFFICER' });
    await stack.smtp.waitFor((m) => m.to.includes('csec-liaison@citypd.demo.example') && m.text.includes(processId));
    // The sheriff, the county's own, is asked as always; an encounter the sheriff reported would add nobody.
    expect(step(await view(processId), 'le-assist-locate')!.owing).toMatchObject({ agencyId: 'demo-sheriff' });
    expect((await located(processId, key)).status).toBe(200); // the city police, a party now, report the youth found
  });

  test('neither: no warrant request, and a parent who is a suspected exploiter is not told', async () => {
    await grace(1);
    const processId = await reportMissing(keys.sheriff.key, { source: 'LE', legalStatus: { kind: 'NEITHER' }, parentSuspectedExploiter: true });
    await confirm(processId, keys.ssa.key);
    const v = await settled(api, processId, keys.ssa.key, 5);
    expect(v.steps.map((s) => s.kind).sort()).toEqual(
      missingKinds()
        .filter((k) => k !== 'parent-notice')
        .map((k) => (k === 'advocate-missing-notice' ? 'confidential' : k))
        .sort(),
    );
    await sleep(3000);
    expect(await drafts(processId)).toHaveLength(0);
    // The summary names no one: the youth only by reference.
    const description = await stack.client.workflow.getHandle(processId).describe();
    expect(await description.staticSummary()).toBe(`Missing youth — youth ${v.youthRef}, neither a probation ward nor a dependent, reported by demo-sheriff`);
  });
});
