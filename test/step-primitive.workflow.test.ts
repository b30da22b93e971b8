// The step primitive's kinds of step, exercised through the real obligations (detention and LE
// contact) on the real services: withdrawn, scheduled, recurring and repeated steps, a business-
// time deadline from the county calendar, and a step blocked on a gap in the directory.
import { dpoInvestigation, medicalReferral, weeklyAdvocateContact } from '../workflows/detention-steps';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { WorkflowHandle } from '@temporalio/client';
import { addClockTime, DEFAULT_COUNTY_CALENDAR } from '../common/clock-time';
import { startLeContact } from '../common/processes';
import type { detention } from '../workflows/detention';
import type { DetentionInput } from '../workflows/detention-input';
import { flagCommunication, recordRelease } from '../workflows/detention-messages';
import type { EncounterInput } from '../workflows/encounter';
import { acknowledgeStep, changeStepDeadline, completeStep } from '../workflows/messages';
import { Blocked } from '../workflows/search-attributes';
import type { Actor } from '../workflows/types';
import { eventually, type TestStack, TEST_CASE_INDEX_KEY } from './support/stack';
import {
  bookDetention,
  eventsOf,
  mails,
  policies,
  refusal,
  sleep,
  stateOf,
  stepOf,
  useWorkflowStack,
  waitForMail,
  waitForStep,
  demo,
  demoEncounter,
} from './support/steps';

const COUNTY = 'Demo County';
const { probation, advocate, health, sheriff, administrator } = demo;
const DAY_MS = 24 * 3600_000;
const MEDICAL_REFERRAL_TITLE = medicalReferral.title;
const WEEKLY_TITLE = weeklyAdvocateContact.title;
const INVESTIGATION_TITLE = dpoInvestigation.title;

let stack: TestStack;
let policy: ReturnType<typeof policies>;
useWorkflowStack((s, p) => ((stack = s), (policy = p)));

type Detention = WorkflowHandle<typeof detention>;
const book = (extra: Partial<DetentionInput> = {}): Promise<Detention> => bookDetention(stack, extra);
const releaseHome = (handle: Detention) =>
  handle.executeUpdate(recordRelease, {
    args: [{ eventId: `rel-${randomUUID()}`, releasedAt: new Date().toISOString(), destination: 'HOME_IN_COUNTY', actor: probation }],
  });
const encounter = (extra: Partial<EncounterInput> = {}) => demoEncounter('AT_RISK_CONTACT', extra);

test('a withdrawn step is recorded, shown WITHDRAWN (not done), and sends nothing more', async () => {
  await policy.set('detention', 'medical-referral', { acknowledgeWithinSeconds: 2, completeWithinSeconds: null, escalateEverySeconds: 2 });
  const handle = await book();
  // Overdue and escalating: the medical director has been told.
  await waitForMail(stack, handle.workflowId, { title: MEDICAL_REFERRAL_TITLE, to: 'medical-director@health.demo.example' });
  const answer = await releaseHome(handle);
  expect(answer.withdrawnSteps).toContain('medical-referral');
  const withdrawn = await stepOf(handle, 'medical-referral');
  expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', closedReason: 'released from custody', overdue: false, dueAt: null, owing: null });
  expect(withdrawn?.completedBy).toBeUndefined();
  const sent = mails(stack, handle.workflowId, { title: MEDICAL_REFERRAL_TITLE }).length;
  // Several escalation intervals later: no more mail, no more escalation.
  await sleep(6000);
  expect(mails(stack, handle.workflowId, { title: MEDICAL_REFERRAL_TITLE })).toHaveLength(sent);
  expect((await stepOf(handle, 'medical-referral'))?.escalations).toEqual(withdrawn?.escalations);
  const events = (await eventsOf(stack.db, handle.workflowId))['medical-referral'];
  expect(events.at(-1)).toBe('WITHDRAWN');
  expect(events).not.toContain('COMPLETED');
  expect(await refusal(handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'medical-referral', actor: health }] }))).toBe('WRONG_STATE');
  await handle.terminate('test done');
});

test('a scheduled step opens at its time and sends nothing before; a recurring one schedules its next occurrence under its own id', async () => {
  await policy.set('detention', 'weekly-advocate-contact', { acknowledgeWithinSeconds: 3600, completeWithinSeconds: 7200, escalateEverySeconds: 3600 });
  // Booked a week ago less a few seconds: the first weekly contact opens in a moment.
  const bookedAt = Date.now() - 7 * DAY_MS + 8000;
  const handle = await book({ bookedAt: new Date(bookedAt).toISOString() });
  const first = await waitForStep(handle, 'weekly-advocate-contact-1', (s) => s.status === 'SCHEDULED');
  expect(Date.parse(first.opensAt!)).toBe(bookedAt + 7 * DAY_MS);
  expect(first).toMatchObject({ dueAt: null, owing: null, openedAt: null });
  // Not open: nobody acts on it and its deadline cannot be moved yet.
  expect(await refusal(handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'weekly-advocate-contact-1', actor: advocate }] }))).toBe('NOT_YET_OPEN');
  expect(
    await refusal(
      handle.executeUpdate(changeStepDeadline, {
        args: [{ stepId: 'weekly-advocate-contact-1', actor: administrator, dueAt: new Date(Date.now() + DAY_MS).toISOString(), reason: 'test' }],
      }),
    ),
  ).toBe('NOT_YET_OPEN');

  const opened = await waitForStep(handle, 'weekly-advocate-contact-1', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT', 'first weekly contact open');
  expect(Date.parse(opened.openedAt!)).toBeGreaterThanOrEqual(bookedAt + 7 * DAY_MS);
  const mail = await waitForMail(stack, handle.workflowId, { title: WEEKLY_TITLE, to: 'oncall-advocate@advocacy.demo.example' });
  expect(mail.at).toBeGreaterThanOrEqual(bookedAt + 7 * DAY_MS);
  // The next occurrence is on the board, a week after the first, and silent.
  const second = await waitForStep(handle, 'weekly-advocate-contact-2', (s) => s.status === 'SCHEDULED');
  expect(Date.parse(second.opensAt!)).toBe(bookedAt + 14 * DAY_MS);
  expect(mails(stack, handle.workflowId, { title: WEEKLY_TITLE })).toHaveLength(1);

  await handle.executeUpdate(completeStep, { args: [{ stepId: 'weekly-advocate-contact-1', actor: advocate }] });
  // Release ends the series: the scheduled occurrence is withdrawn, none comes after it.
  await releaseHome(handle);
  const state = await stateOf(handle);
  const weekly = state.steps.filter((s) => s.kind === 'weekly-advocate-contact');
  expect(weekly.map((s) => [s.id, s.status])).toEqual([
    ['weekly-advocate-contact-1', 'COMPLETED'],
    ['weekly-advocate-contact-2', 'WITHDRAWN'],
  ]);
  await handle.terminate('test done');
});

test('repeated steps of one kind: two screened communications open dpo-investigation-1 and -2, each with its own facts', async () => {
  const handle = await book();
  const flag = (eventId: string, evidenceRef: string, channel: 'MAIL' | 'PHONE') =>
    handle.executeUpdate(flagCommunication, {
      args: [
        {
          eventId,
          channel,
          correspondent: 'UNKNOWN',
          observedAt: new Date().toISOString(),
          evidenceRef,
          reasonableCause: 'mentions a meeting place',
          actor: probation,
        },
      ],
    });
  expect((await flag('f-1', 'EV-101', 'MAIL')).openedSteps).toEqual(['dpo-investigation-1']);
  expect((await flag('f-2', 'EV-102', 'PHONE')).openedSteps).toEqual(['dpo-investigation-2']);
  await waitForStep(handle, 'dpo-investigation-2', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
  const investigations = (await stateOf(handle)).steps.filter((s) => s.kind === 'dpo-investigation');
  expect(investigations.map((s) => s.id)).toEqual(['dpo-investigation-1', 'dpo-investigation-2']);
  const sent = await eventually(
    () => {
      const m = mails(stack, handle.workflowId, { title: INVESTIGATION_TITLE, to: 'jjc-intake-dpo@probation.demo.example' });
      return m.length === 2 && m;
    },
    30_000,
    'two investigation emails',
  );
  expect(sent.some((m) => m.text.includes('Screened mail observed'))).toBe(true);
  expect(sent.some((m) => m.text.includes('Screened phone observed'))).toBe(true);
  expect(sent.some((m) => m.text.includes('EV-10'))).toBe(false); // Probation's evidence numbers stay out of email
  // Acting on one leaves the other open.
  await handle.executeUpdate(completeStep, { args: [{ stepId: 'dpo-investigation-1', actor: probation, outcome: 'NO_CONCERN' }] });
  expect(await stepOf(handle, 'dpo-investigation-2')).toMatchObject({ status: 'AWAITING_ACKNOWLEDGMENT' });
  await handle.terminate('test done');
});

test("a policy row with the business clock makes the step's deadline count the county's business hours", async () => {
  // Ten business hours always span a night, so a plain calendar sum would land elsewhere.
  const seconds = 10 * 3600;
  await policy.set('le-contact', 'child-abuse-written-report', {
    acknowledgeWithinSeconds: seconds,
    completeWithinSeconds: 2 * seconds,
    escalateEverySeconds: 3600,
    clock: 'business',
  });
  await policy.set('le-contact', 'child-abuse-phone-report', { acknowledgeWithinSeconds: seconds, completeWithinSeconds: null, escalateEverySeconds: 3600 });
  const handle = await startLeContact(stack.client, stack.taskQueue, encounter(), TEST_CASE_INDEX_KEY);
  const business = await waitForStep(handle, 'child-abuse-written-report', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
  const calendar = await waitForStep(handle, 'child-abuse-phone-report', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
  // The control: calendar time is plain arithmetic.
  expect(Date.parse(calendar.dueAt!) - Date.parse(calendar.openedAt!)).toBe(seconds * 1000);

  const holidays = new Set((await stack.db.holiday.findMany({ where: { county: COUNTY } })).map((h) => h.date));
  const expected = addClockTime(new Date(business.openedAt!), seconds, 'business', { ...DEFAULT_COUNTY_CALENDAR, holidays });
  expect(business.dueAt).toBe(expected.toISOString());
  expect(Date.parse(business.dueAt!) - Date.parse(business.openedAt!)).toBeGreaterThan(seconds * 1000);
  const local = DateTime.fromISO(business.dueAt!, { zone: 'America/Los_Angeles' });
  expect(local.weekday).toBeLessThanOrEqual(5);
  expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(8 * 60);
  expect(local.hour * 60 + local.minute).toBeLessThanOrEqual(17 * 60);
  expect(holidays.has(local.toISODate()!)).toBe(false);
  // It was the deadline activity (the county calendar) that counted it.
  const history = await handle.fetchHistory();
  const activityTypes = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
  expect(activityTypes).toContain('deadline');

  await handle.executeUpdate(completeStep, { args: [{ stepId: 'child-abuse-written-report', actor: sheriff }] });
  await handle.terminate('test done');
});

describe('a step blocked on a gap in the directory', () => {
  // A fresh county each run: only its coordinator, no advocacy agency yet, so every count is exact.
  const tag = randomUUID().slice(0, 8);
  const county = `Blocked County ${tag}`;
  const coordinatorMail = `mdt-${tag}@blocked.example`;
  const advocateMail = `advocate-${tag}@blocked.example`;

  beforeAll(async () => {
    await stack.db.agency.create({ data: { id: `blk-${tag}-da`, name: `Blocked County DA ${tag}`, type: 'DA', county, designated: true } });
    await stack.db.representative.create({
      data: { id: `blk-${tag}-mdt`, agencyId: `blk-${tag}-da`, displayName: 'mdt', email: coordinatorMail, role: 'MDT_COORDINATOR', onCall: true },
    });
  });

  test('is BLOCKED (search attribute too), the MDT coordinator is told exactly once, and it opens by itself once the directory has the agency', async () => {
    const handle = await startLeContact(stack.client, stack.taskQueue, encounter({ county, blockedRecheckSeconds: 2 }), TEST_CASE_INDEX_KEY);
    const blocked = await waitForStep(handle, 'advocate-response', (s) => s.status === 'BLOCKED', 'blocked advocate response');
    expect(blocked).toMatchObject({ blocked: true, chain: [], owing: null, dueAt: null });
    await eventually(async () => (await handle.describe()).typedSearchAttributes.get(Blocked) === true, 30_000, 'CsecBlocked = true');
    const told = await waitForMail(stack, handle.workflowId, { to: coordinatorMail });
    expect(told.subject).toContain('BLOCKED');
    expect(told.text).not.toContain('/v1/links/'); // nothing to act on: the directory needs fixing
    // Several rechecks later: still blocked, still one email, and nobody can act on it yet.
    await sleep(7000);
    expect(mails(stack, handle.workflowId, { to: coordinatorMail })).toHaveLength(1);
    expect(await stepOf(handle, 'advocate-response')).toMatchObject({ status: 'BLOCKED', blocked: true });
    const localAdvocate: Actor = { agencyId: `blk-${tag}-advocacy`, via: 'api', agencyType: 'ADVOCACY', county };
    expect(await refusal(handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: localAdvocate }] }))).toBe('NOT_YET_OPEN');

    // The administrator adds the county's advocacy agency and its advocate.
    await stack.db.agency.create({ data: { id: `blk-${tag}-advocacy`, name: `Blocked County Advocacy ${tag}`, type: 'ADVOCACY', county, designated: true } });
    await stack.db.representative.create({
      data: { id: `blk-${tag}-adv`, agencyId: `blk-${tag}-advocacy`, displayName: 'advocate', email: advocateMail, role: 'ADVOCATE', onCall: true },
    });
    const opened = await waitForStep(handle, 'advocate-response', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT', 'step opens by itself');
    expect(opened).toMatchObject({ blocked: false, owing: { agencyId: `blk-${tag}-advocacy`, role: 'ADVOCATE' } });
    await waitForMail(stack, handle.workflowId, { to: advocateMail });
    await eventually(async () => (await handle.describe()).typedSearchAttributes.get(Blocked) === false, 30_000, 'CsecBlocked = false');
    expect(mails(stack, handle.workflowId, { to: coordinatorMail })).toHaveLength(1);
    expect((await eventsOf(stack.db, handle.workflowId))['advocate-response'].slice(0, 3)).toEqual(['BLOCKED', 'UNBLOCKED', 'OPENED']);
    await handle.executeUpdate(completeStep, { args: [{ stepId: 'advocate-response', actor: localAdvocate }] });
    await handle.terminate('test done');
  });
});
