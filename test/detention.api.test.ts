// The detention API over real HTTP: Probation books a youth, Probation and the DA send events,
// the process answers what each opened; bad input never reaches it.
import { randomUUID } from 'node:crypto';
import { DEMO_API_KEYS } from '../prisma/seed';
import type { ProcessView, StepView } from '../workflows/types';
import { detentionWorkflowId } from '../common/processes';
import { processPath, registerYouth, serveApi, settled, type TestApi } from './support/api';
import { eventually, setTimers, startStack, TEST_CASE_INDEX_KEY, uniqueRef, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
/** The booking's steps: six at once, and the first weekly advocate contact scheduled. */
const BOOKING_STEPS = 7;
const DAY = 24 * 3600_000;

let stack: TestStack;
let api: TestApi;

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
});
afterAll(async () => {
  // Only this suite's coordinator test shortens this step's timers.
  await stack?.db.timerPolicy.deleteMany({ where: { obligation: 'detention', step: 'probation-file-information' } });
  await api?.close();
  await stack?.close();
});

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const newBooking = (extra: Record<string, unknown> = {}) => ({
  youthRef: uniqueRef(),
  bookingRef: `B-${randomUUID().slice(0, 8)}`,
  bookedAt: ago(3600_000),
  dependencyWard: false,
  ...extra,
});

async function book(extra: Record<string, unknown> = {}): Promise<string> {
  const youthRef = await registerYouth(api, keys.probation.key);
  const res = await api.call('POST', '/v1/detentions', { key: keys.probation.key, body: newBooking({ youthRef, ...extra }) });
  expect(res.status).toBe(201);
  return res.body.processId as string;
}

const event = (processId: string, path: string, key: string, body: unknown) =>
  api.call('POST', `/v1/detentions/${encodeURIComponent(processId)}/${path}`, { key, body });
const act = (processId: string, stepId: string, action: string, key: string, body?: unknown) =>
  api.call('POST', `${processPath(processId)}/steps/${stepId}/${action}`, { key, body });
const steps = async (processId: string): Promise<StepView[]> => (await api.call('GET', processPath(processId), { key: keys.probation.key })).body.steps;

const flag = (extra: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  channel: 'MAIL',
  correspondent: 'SUSPECTED_EXPLOITER',
  observedAt: ago(600_000),
  evidenceRef: 'EV-2026-0117',
  reasonableCause: 'Return address matches a known recruiter',
  ...extra,
});
const receivingAgency = { name: 'Home County Probation', county: 'Home County', phone: '+1 555 010 0199', email: 'intake@probation.home.example' };
const release = (extra: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  releasedAt: ago(60_000),
  destination: 'OUT_OF_COUNTY_AGENCY',
  receivingAgency,
  ...extra,
});
const fieldPaths = (body: { error: { fields?: { path: string }[] } }) => body.error.fields?.map((f) => f.path).sort();

describe('POST /v1/detentions', () => {
  const { dependencyWard: _omit, ...withoutWard } = newBooking();
  test.each([
    ['a name as youthRef', ['body.youthRef'], newBooking({ youthRef: 'JANEDOE' })],
    ['a name as bookingRef', ['body.bookingRef'], newBooking({ bookingRef: 'Jane.Doe' })],
    ['a booking in the future', ['body.bookedAt'], newBooking({ bookedAt: new Date(Date.now() + 3600_000).toISOString() })],
    ['a booking in 1900', ['body.bookedAt'], newBooking({ bookedAt: '1900-01-01T00:00:00Z' })],
    ['a bookingRef over 64 characters', ['body.bookingRef'], newBooking({ bookingRef: `B-${'1'.repeat(63)}` })],
    ['no dependencyWard', ['body.dependencyWard'], withoutWard],
    ['a booking agency in the body', ['body.probationAgencyId'], newBooking({ probationAgencyId: 'demo-probation' })],
  ])('%s is 400 VALIDATION_FAILED at %j', async (_what, paths, body) => {
    const res = await api.call('POST', '/v1/detentions', { key: keys.probation.key, body });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(fieldPaths(res.body)).toEqual(paths);
    expect(res.text).not.toContain('Jane');
  });

  test('only Probation agencies book', async () => {
    for (const key of [keys.sheriff.key, keys.da.key, keys.advocacy.key]) {
      const res = await api.call('POST', '/v1/detentions', { key, body: newBooking() });
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
  });

  test('a booking starts the process; the same booking again is 409 DETENTION_EXISTS with the same process', async () => {
    const booking = newBooking({ youthRef: await registerYouth(api, keys.probation.key), dependencyWard: true });
    const created = await api.call('POST', '/v1/detentions', { key: keys.probation.key, body: booking });
    expect(created.status).toBe(201);
    const processId = detentionWorkflowId({ ...booking, probationAgencyId: 'demo-probation' }, TEST_CASE_INDEX_KEY);
    expect(created.body).toEqual({ processId, runId: expect.any(String) });
    expect(created.headers.get('location')).toBe(processPath(processId));

    const again = await api.call('POST', '/v1/detentions', { key: keys.probation.key, body: booking });
    expect([again.status, again.body.error]).toEqual([409, expect.objectContaining({ code: 'DETENTION_EXISTS', processId })]);

    const view = await settled(api, processId, keys.probation.key, BOOKING_STEPS);
    expect(view).toMatchObject({
      obligation: 'detention',
      youthRef: booking.youthRef,
      county: 'Demo County',
      initiatingAgencyId: 'demo-probation',
      open: true,
    });
    // The advocates' steps are confidential to them: Probation sees only whose they are and whether they are on time.
    expect(view.steps.find((s) => s.kind === 'weekly-advocate-contact')).toBeUndefined();
    expect(view.steps.filter((s) => s.confidentialTo?.agencyType === 'ADVOCACY').map((s) => [s.id.replace(/\d+$/, 'N'), s.title, s.chain])).toEqual([
      ['confidential-N', 'Confidential step', []],
      ['confidential-N', 'Confidential step', []],
    ]);
    const advocates = (await api.call('GET', processPath(processId), { key: keys.advocacy.key })).body as ProcessView;
    expect(advocates.steps.find((s) => s.kind === 'weekly-advocate-contact')).toMatchObject({ status: 'SCHEDULED', owing: null });
    const audited = await stack.db.auditEvent.findMany({ where: { workflowId: processId, action: { startsWith: 'api.' } } });
    expect(audited.map((a) => [a.actor, a.action])).toContainEqual(['demo-probation', 'api.detention.create']);
  });

  test('a step can be completed right after the 201, with one of its outcomes', async () => {
    const processId = await book();
    const res = await act(processId, 'intake-health-screening', 'complete', keys.health.key, { outcome: 'DECLINED_BY_YOUTH' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'COMPLETED', outcome: 'DECLINED_BY_YOUTH', completedBy: 'demo-health', owing: null, dueAt: null });
    const other = await act(processId, 'health-assessment', 'complete', keys.health.key, { outcome: 'NO_CONCERN' });
    expect([other.status, other.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
  });
});

describe('detention events', () => {
  let processId: string;
  beforeAll(async () => {
    processId = await book({ dependencyWard: true });
    await settled(api, processId, keys.probation.key, BOOKING_STEPS);
  });

  test('go only to a detention process', async () => {
    const encounter = await api.call('POST', '/v1/encounters', {
      key: keys.sheriff.key,
      body: {
        youthRef: await registerYouth(api, keys.sheriff.key),
        encounterId: 'E-DET-1',
        encounterType: 'AT_RISK_CONTACT',
        occurredAt: new Date().toISOString(),
      },
    });
    for (const id of [encounter.body.processId as string, `detention/${uniqueRef()}/demo-probation/0000000000000000`]) {
      const res = await event(id, 'communication-flags', keys.probation.key, flag());
      expect([res.status, res.body.error.code]).toEqual([404, 'PROCESS_NOT_FOUND']);
    }
    const malformed = await api.call('POST', '/v1/detentions/not-a-process/release', { key: keys.probation.key, body: release() });
    expect([malformed.status, fieldPaths(malformed.body)]).toEqual([400, ['params.processId']]);
  });

  test.each([
    ['the DA flags mail', 'communication-flags', () => keys.da.key, flag],
    ['Probation asks itself for information', 'information-requests', () => keys.probation.key, () => ({ eventId: randomUUID() })],
    [
      'the advocate plans the release',
      'release-plans',
      () => keys.advocacy.key,
      () => ({ eventId: randomUUID(), expectedAt: ago(-DAY), destination: 'HOME_IN_COUNTY' }),
    ],
    ['the sheriff records the release', 'release', () => keys.sheriff.key, release],
  ])('%s: 403 FORBIDDEN', async (_what, path, key, body) => {
    const res = await event(processId, path, key(), body());
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  test.each([
    ['a channel that is not MAIL or PHONE', ['body.channel'], flag({ channel: 'EMAIL' })],
    ['a note over 280 characters', ['body.note'], flag({ note: 'x'.repeat(281) })],
    ['no evidence reference', ['body.evidenceRef'], flag({ evidenceRef: undefined })],
    ['an observation in the future', ['body.observedAt'], flag({ observedAt: ago(-3600_000) })],
    ['an eventId without a digit', ['body.eventId'], flag({ eventId: 'first-flag' })],
    ['an unknown correspondent', ['body.correspondent'], flag({ correspondent: 'LANDLORD' })],
  ])('a flag with %s is 400 VALIDATION_FAILED at %j', async (_what, paths, body) => {
    const res = await event(processId, 'communication-flags', keys.probation.key, body);
    expect([res.status, res.body.error.code, fieldPaths(res.body)]).toEqual([400, 'VALIDATION_FAILED', paths]);
  });

  test('a flag of privileged communication is refused before it reaches the process', async () => {
    for (const correspondent of ['ATTORNEY', 'COURT']) {
      const res = await event(processId, 'communication-flags', keys.probation.key, flag({ correspondent }));
      expect([res.status, res.body.error.code]).toEqual([400, 'PRIVILEGED_COMMUNICATION']);
      expect(res.body.error.message).toMatch(/privileged.*§1375/);
    }
    expect((await steps(processId)).some((s) => s.kind === 'dpo-investigation')).toBe(false);
  });

  test("a flag of the exploiter's mail opens the DPO's investigation and tells the H.E.A.T. DDA and the advocate; a retry answers the same", async () => {
    const body = flag();
    const res = await event(processId, 'communication-flags', keys.probation.key, body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      eventId: body.eventId,
      openedSteps: ['dpo-investigation-1', 'heat-dda-notice-1', 'advocate-intimidation-notice-1'],
      withdrawnSteps: [],
    });
    const retry = await event(processId, 'communication-flags', keys.probation.key, body);
    expect([retry.status, retry.body]).toEqual([200, res.body]);
    const family = await event(processId, 'communication-flags', keys.probation.key, flag({ correspondent: 'FAMILY', channel: 'PHONE' }));
    expect(family.body.openedSteps).toEqual(['dpo-investigation-2']);
  });

  test("the DA's information request is closed by the coordinator the escalation reached", async () => {
    // Seconds instead of business days, so the step climbs DPO → backup → supervisor → the MDT coordinator (the DA).
    await setTimers(stack.db, 'detention', 'probation-file-information', {
      acknowledgeWithinSeconds: 1,
      completeWithinSeconds: 1,
      escalateEverySeconds: 1,
      clock: 'calendar',
    });
    const res = await event(processId, 'information-requests', keys.da.key, { eventId: randomUUID() });
    expect([res.status, res.body.openedSteps]).toEqual([200, ['probation-file-information-1']]);
    const close = (key: string, reason = 'Provided at the Safety Net meeting in person') =>
      act(processId, 'probation-file-information-1', 'close', key, { reason });

    // The DA is no coordinator of a step that has not reached it.
    const early = await act(processId, 'dpo-notice', 'close', keys.da.key, { reason: 'not needed' });
    expect([early.status, early.body.error.code]).toEqual([403, 'FORBIDDEN']);
    await eventually(async () => (await steps(processId)).find((s) => s.id === 'probation-file-information-1')!.level === 3, 30_000, 'the coordinator level');
    const byAdmin = await close(keys.admin.key);
    expect([byAdmin.status, byAdmin.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const closed = await close(keys.da.key);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'CLOSED_BY_COORDINATOR',
      completedBy: 'demo-da',
      closedReason: 'Provided at the Safety Net meeting in person',
      owing: null,
    });
    expect((await close(keys.da.key)).body.error.code).toBe('WRONG_STATE');
  });

  test('an out-of-county release names each missing receiving-agency field', async () => {
    const { phone: _p, email: _e, ...partial } = receivingAgency;
    const cases: [unknown, string[]][] = [
      [
        release({ receivingAgency: undefined }),
        ['body.receivingAgency.county', 'body.receivingAgency.email', 'body.receivingAgency.name', 'body.receivingAgency.phone'],
      ],
      [release({ receivingAgency: partial }), ['body.receivingAgency.email', 'body.receivingAgency.phone']],
      [release({ receivingAgency: { ...receivingAgency, email: 'not an email' } }), ['body.receivingAgency.email']],
      [release({ destination: 'HOME_IN_COUNTY' }), ['body.receivingAgency']],
    ];
    for (const [body, paths] of cases) {
      const res = await event(processId, 'release', keys.probation.key, body);
      expect([res.status, res.body.error.code, fieldPaths(res.body)]).toEqual([400, 'VALIDATION_FAILED', paths]);
    }
    const plan = await event(processId, 'release-plans', keys.probation.key, {
      eventId: randomUUID(),
      expectedAt: ago(-DAY),
      destination: 'OUT_OF_COUNTY_AGENCY',
    });
    expect(fieldPaths(plan.body)).toHaveLength(4);
  });

  test('a planned out-of-county release opens the hand-off; the release ends the stay and opens the follow-ups', async () => {
    const plan = await event(processId, 'release-plans', keys.probation.key, {
      eventId: randomUUID(),
      expectedAt: ago(-DAY),
      destination: 'OUT_OF_COUNTY_AGENCY',
      receivingAgency,
    });
    expect([plan.status, plan.body.openedSteps]).toEqual([200, ['receiving-agency-contact', 'advocacy-hand-off', 'social-worker-hand-off']]);

    const res = await event(processId, 'release', keys.probation.key, release());
    expect(res.status).toBe(200);
    expect(res.body.openedSteps).toEqual([
      'medical-care-after-release',
      'mental-health-care-after-release',
      'stabilisation-follow-up-7d',
      'stabilisation-follow-up-30d',
      'stabilisation-follow-up-90d',
    ]);
    expect(res.body.withdrawnSteps).toContain('weekly-advocate-contact-1');
    const byKind = Object.fromEntries((await steps(processId)).map((s) => [s.id, s]));
    expect(byKind['dpo-notice'].status).toBe('WITHDRAWN');
    expect(byKind['stabilisation-follow-up-7d']).toMatchObject({ status: 'SCHEDULED', owing: null, dueAt: null });

    const twice = await event(processId, 'release', keys.probation.key, release());
    expect([twice.status, twice.body.error.code]).toEqual([409, 'WRONG_STATE']);
  });

  test('audit rows say who sent which event, never what it said', async () => {
    const rows = await stack.db.auditEvent.findMany({ where: { workflowId: processId, action: { startsWith: 'api.detention.' } } });
    expect(new Set(rows.map((r) => r.action))).toEqual(
      new Set([
        'api.detention.create',
        'api.detention.communication-flags',
        'api.detention.information-requests',
        'api.detention.release-plans',
        'api.detention.release',
      ]),
    );
    const text = JSON.stringify(rows.map(({ id: _id, key: _key, ...row }) => row)); // the id is a BigInt; the key a random UUID (it may hold "555")
    for (const content of ['EV-2026-0117', 'recruiter', 'SUSPECTED_EXPLOITER', 'Home County', '555']) expect(text).not.toContain(content);
  });
});

test('after the process has ended, events are 409 PROCESS_CLOSED', async () => {
  // Reported late: every follow-up of a release a month ago is due now, so the test can finish them all.
  const processId = await book({ bookedAt: ago(40 * DAY) });
  const released = await event(
    processId,
    'release',
    keys.probation.key,
    release({ releasedAt: ago(31 * DAY), destination: 'HOME_IN_COUNTY', receivingAgency: undefined }),
  );
  expect(released.body.openedSteps).toEqual([
    'medical-care-after-release',
    'mental-health-care-after-release',
    'community-follow-up-72h',
    'community-follow-up-30d',
  ]);
  for (const [stepId, key] of [
    ['medical-care-after-release', keys.health.key],
    ['mental-health-care-after-release', keys.health.key],
    ['community-follow-up-72h', keys.advocacy.key],
    ['community-follow-up-30d', keys.advocacy.key],
  ]) {
    const done = await act(processId, stepId, 'complete', key);
    expect([stepId, done.status]).toEqual([stepId, 200]);
  }
  await stack.client.workflow.getHandle(processId).result();

  expect((await api.call('GET', processPath(processId), { key: keys.probation.key })).body.open).toBe(false);
  for (const [path, key, body] of [
    ['communication-flags', keys.probation.key, flag()],
    ['information-requests', keys.da.key, { eventId: randomUUID() }],
    ['release', keys.probation.key, release()],
  ] as const) {
    const res = await event(processId, path, key, body);
    expect([path, res.status, res.body.error.code]).toEqual([path, 409, 'PROCESS_CLOSED']);
  }
});
