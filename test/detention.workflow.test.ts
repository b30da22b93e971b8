// The detention obligation (MOU Probation §1–3, §5, §9; Advocacy §3, §7; SSA §1) on the real
// services: booking, screened communications, the DA's request, release and hand-off, retries of
// an event, the end of the process, and continue-as-new in the middle of a stay.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { detention } from '../workflows/detention';
import type { CommunicationFlag, DetentionInput, Release, ReleasePlan } from '../workflows/detention-input';
import { flagCommunication, planRelease, recordRelease, requestInformation } from '../workflows/detention-messages';
import { DECLINED_BY_YOUTH, medicalReferral, mentalHealthReferral } from '../workflows/detention-steps';
import { acknowledgeStep, completeStep } from '../workflows/messages';
import type { Actor, AgencyContact, StepView } from '../workflows/types';
import { eventually, type TestStack } from './support/stack';
import {
  bookDetention,
  duplicateMessageIds,
  eventsOf,
  mails,
  policies,
  refusal,
  useWorkflowStack,
  sleep,
  stateOf,
  stepOf,
  waitForMail,
  waitForState,
  waitForStep,
  demo,
} from './support/steps';

const { probation, advocate, health, da, ssa } = demo;
const DAY_MS = 24 * 3600_000;
const CLINICIAN_MAIL = 'intake-clinician@health.demo.example';
const MENTAL_HEALTH_MAIL = 'mental-health@health.demo.example';
const ADVOCATE_MAIL = 'oncall-advocate@advocacy.demo.example';
const DPO_MAIL = 'jjc-intake-dpo@probation.demo.example';
const MEDICAL_DIRECTOR_MAIL = 'medical-director@health.demo.example';
const MENTAL_HEALTH_REFERRAL_TITLE = mentalHealthReferral.title;
const MEDICAL_REFERRAL_TITLE = medicalReferral.title;
const BOOKING_STEPS = [
  'advocate-detention-support',
  'dpo-notice',
  'health-assessment',
  'intake-health-screening',
  'medical-referral',
  'mental-health-referral',
];
const receivingAgency: AgencyContact = { name: 'Far County Probation', county: 'Far County', phone: '+1-555-0100', email: 'intake@far-probation.example' };

let stack: TestStack;
let policy: ReturnType<typeof policies>;
useWorkflowStack((s, p) => ((stack = s), (policy = p)));

type Handle = WorkflowHandle<typeof detention>;
const book = (extra: Partial<DetentionInput> = {}): Promise<Handle> => bookDetention(stack, extra);
const id = (prefix: string) => `${prefix}-${randomUUID()}`;
const flag = (handle: Handle, extra: Partial<CommunicationFlag> = {}, actor = probation) =>
  handle.executeUpdate(flagCommunication, {
    args: [
      {
        eventId: id('flag'),
        channel: 'MAIL',
        correspondent: 'UNKNOWN',
        observedAt: new Date().toISOString(),
        evidenceRef: 'EV-1',
        reasonableCause: 'return address matches a known exploitation venue',
        ...extra,
        actor,
      },
    ],
  });
const release = (handle: Handle, extra: Partial<Release> = {}) =>
  handle.executeUpdate(recordRelease, {
    args: [{ eventId: id('release'), releasedAt: new Date().toISOString(), destination: 'HOME_IN_COUNTY', ...extra, actor: probation }],
  });
const plan = (handle: Handle, extra: Partial<ReleasePlan> = {}) =>
  handle.executeUpdate(planRelease, {
    args: [
      {
        eventId: id('plan'),
        expectedAt: new Date(Date.now() + DAY_MS).toISOString(),
        destination: 'OUT_OF_COUNTY_AGENCY',
        receivingAgency,
        ...extra,
        actor: probation,
      },
    ],
  });
const byId = (steps: StepView[]) => Object.fromEntries(steps.map((s) => [s.id, s]));
const actorFor: Record<string, Actor> = { 'demo-probation': probation, 'demo-advocacy': advocate, 'demo-health': health, 'demo-da': da, 'demo-ssa': ssa };

test('booking refers the youth to medical and mental-health care, and tells the advocate and the DPO', async () => {
  const handle = await book();
  const state = await waitForState(handle, (s) => s.steps.every((x) => x.status !== 'OPENING'), 'booking steps open');
  const steps = byId(state.steps);
  expect(Object.keys(steps).sort()).toEqual([...BOOKING_STEPS, 'weekly-advocate-contact-1'].sort());
  for (const stepId of BOOKING_STEPS) expect(steps[stepId].status).toBe('AWAITING_ACKNOWLEDGMENT');
  expect(steps['weekly-advocate-contact-1'].status).toBe('SCHEDULED');
  expect(steps['mental-health-referral'].owing).toMatchObject({ agencyId: 'demo-health', role: 'MENTAL_HEALTH_CLINICIAN' });
  expect(steps['dpo-notice'].owing).toMatchObject({ agencyId: 'demo-probation', role: 'DPO' });
  // Clinician: screening, assessment, medical referral; the others one each.
  await eventually(() => mails(stack, handle.workflowId, { to: CLINICIAN_MAIL }).length === 3, 30_000, 'three emails to the clinician');
  await waitForMail(stack, handle.workflowId, { title: MENTAL_HEALTH_REFERRAL_TITLE, to: MENTAL_HEALTH_MAIL });
  await waitForMail(stack, handle.workflowId, { title: 'Advocate begins crisis counseling and support for the duration of detention', to: ADVOCATE_MAIL });
  await waitForMail(stack, handle.workflowId, { title: "The youth's DPO is told the youth is a detained CSEC", to: DPO_MAIL });
  expect(duplicateMessageIds(mails(stack, handle.workflowId))).toEqual([]);
  await handle.terminate('test done');
});

test('an unaccepted mental-health referral escalates to the medical director', async () => {
  await policy.set('detention', 'mental-health-referral', { acknowledgeWithinSeconds: 2, completeWithinSeconds: null, escalateEverySeconds: 3600 });
  const handle = await book();
  const escalated = await waitForStep(handle, 'mental-health-referral', (s) => s.level === 1, 'escalation of the referral');
  expect(escalated).toMatchObject({ overdue: true, owing: { agencyId: 'demo-health', role: 'SUPERVISOR' } });
  const mail = await waitForMail(stack, handle.workflowId, { title: MENTAL_HEALTH_REFERRAL_TITLE, to: MEDICAL_DIRECTOR_MAIL });
  expect(mail.subject).toContain('OVERDUE');
  expect((await eventsOf(stack.db, handle.workflowId))['mental-health-referral']).toEqual(['OPENED', 'ESCALATED']);
  // Accepting it now ends the escalation.
  expect(await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'mental-health-referral', actor: health }] })).toMatchObject({ status: 'COMPLETED' });
  await handle.terminate('test done');
});

test('a referral the youth declines is closed as COMPLETED with that outcome, without escalation', async () => {
  await policy.set('detention', 'medical-referral', { acknowledgeWithinSeconds: 3, completeWithinSeconds: null, escalateEverySeconds: 3 });
  const handle = await book();
  await waitForStep(handle, 'medical-referral', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
  expect(await refusal(handle.executeUpdate(completeStep, { args: [{ stepId: 'medical-referral', actor: health, outcome: 'MAYBE' }] }))).toBe(
    'INVALID_REQUEST',
  );
  const declined = await handle.executeUpdate(completeStep, { args: [{ stepId: 'medical-referral', actor: health, outcome: DECLINED_BY_YOUTH }] });
  expect(declined).toMatchObject({ status: 'COMPLETED', outcome: DECLINED_BY_YOUTH, completedBy: 'demo-health', level: 0, overdue: false });
  await sleep(5000); // past the policy's deadline and a further interval
  expect(await stepOf(handle, 'medical-referral')).toMatchObject({ status: 'COMPLETED', level: 0, escalations: [] });
  expect(mails(stack, handle.workflowId, { title: MEDICAL_REFERRAL_TITLE })).toHaveLength(1);
  expect((await eventsOf(stack.db, handle.workflowId))['medical-referral']).toEqual(['OPENED', 'ACKNOWLEDGED', 'COMPLETED']);
  await handle.terminate('test done');
});

test('a screened communication opens a DPO investigation, completed with an outcome from its list', async () => {
  const handle = await book();
  expect(await refusal(flag(handle, {}, advocate))).toBe('NOT_PERMITTED');
  const answer = await flag(handle, { channel: 'PHONE', correspondent: 'PEER', evidenceRef: 'EV-7' });
  expect(answer).toMatchObject({ openedSteps: ['dpo-investigation-1'], withdrawnSteps: [] });
  const mail = await waitForMail(stack, handle.workflowId, {
    title: "The youth's DPO investigates screened mail or a call that may reach the exploiter",
    to: DPO_MAIL,
  });
  expect(mail.text).toContain('Screened phone observed');
  // The evidence number is Probation's own case number: it stays out of email.
  expect(mail.text).toContain("the evidence is in Probation's records");
  expect(mail.text).not.toContain('EV-7');
  expect(mail.text).not.toContain('PEER'); // with whom is for the DPO's system, not email
  await waitForStep(handle, 'dpo-investigation-1', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
  await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'dpo-investigation-1', actor: probation }] });
  expect(await refusal(handle.executeUpdate(completeStep, { args: [{ stepId: 'dpo-investigation-1', actor: probation, outcome: 'CASE_CLOSED' }] }))).toBe(
    'INVALID_REQUEST',
  );
  const done = await handle.executeUpdate(completeStep, { args: [{ stepId: 'dpo-investigation-1', actor: probation, outcome: 'SAFETY_PLAN_UPDATED' }] });
  expect(done).toMatchObject({ status: 'COMPLETED', outcome: 'SAFETY_PLAN_UPDATED', completedBy: 'demo-probation' });
  // Not the exploiter: the DA and the advocate are not told.
  expect((await stateOf(handle)).steps.some((s) => s.kind === 'heat-dda-notice' || s.kind === 'advocate-intimidation-notice')).toBe(false);
  await handle.terminate('test done');
});

test('a suspected contact from the exploiter also tells the H.E.A.T. DDA and the advocate', async () => {
  const handle = await book();
  const answer = await flag(handle, { correspondent: 'SUSPECTED_EXPLOITER' });
  expect(answer.openedSteps).toEqual(['dpo-investigation-1', 'heat-dda-notice-1', 'advocate-intimidation-notice-1']);
  const state = await waitForState(handle, (s) => answer.openedSteps.every((x) => byId(s.steps)[x]?.status === 'AWAITING_ACKNOWLEDGMENT'), 'three steps open');
  expect(byId(state.steps)['heat-dda-notice-1'].owing).toMatchObject({ agencyId: 'demo-da', role: 'HEAT_DDA' });
  await waitForMail(stack, handle.workflowId, {
    title: 'The H.E.A.T. DDA is told of a suspected contact from the exploiter (possible witness intimidation)',
    to: 'heat-dda@da.demo.example',
  });
  await waitForMail(stack, handle.workflowId, { title: 'The advocate is told of a suspected contact from the exploiter', to: ADVOCATE_MAIL });
  await handle.terminate('test done');
});

test("the DA's information request opens probation-file-information; only the DA may ask", async () => {
  const handle = await book();
  const ask = (actor: Actor) => handle.executeUpdate(requestInformation, { args: [{ eventId: id('req'), actor }] });
  expect(await refusal(ask(probation))).toBe('NOT_PERMITTED');
  expect((await ask(da)).openedSteps).toEqual(['probation-file-information-1']);
  const step = await waitForStep(handle, 'probation-file-information-1', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
  expect(step.owing).toMatchObject({ agencyId: 'demo-probation', role: 'DPO' });
  await waitForMail(stack, handle.workflowId, { title: "Probation provides file information for the Safety Net meeting at the DA's request", to: DPO_MAIL });
  await handle.terminate('test done');
});

test('release home withdraws the in-detention steps, keeps the investigation open, and continues care in the community', async () => {
  const handle = await book();
  await flag(handle);
  await waitForState(handle, (s) => s.steps.every((x) => x.status !== 'OPENING'), 'steps open');
  const releasedAt = new Date().toISOString();
  const answer = await release(handle, { releasedAt });
  expect(answer.openedSteps).toEqual(['medical-care-after-release', 'mental-health-care-after-release', 'community-follow-up-72h', 'community-follow-up-30d']);
  const state = await waitForState(handle, (s) => s.steps.every((x) => x.status !== 'OPENING'), 'release steps open');
  const steps = byId(state.steps);
  for (const stepId of [...BOOKING_STEPS, 'weekly-advocate-contact-1']) {
    expect(steps[stepId]).toMatchObject({ status: 'WITHDRAWN', closedReason: 'released from custody' });
  }
  expect(steps['dpo-investigation-1'].status).toBe('AWAITING_ACKNOWLEDGMENT');
  for (const stepId of ['medical-care-after-release', 'mental-health-care-after-release', 'community-follow-up-72h']) {
    expect(steps[stepId].status).toBe('AWAITING_ACKNOWLEDGMENT');
  }
  expect(steps['community-follow-up-30d']).toMatchObject({ status: 'SCHEDULED', opensAt: new Date(Date.parse(releasedAt) + 30 * DAY_MS).toISOString() });
  await waitForMail(stack, handle.workflowId, { title: 'The advocate makes a community follow-up contact (within 72 hours of release)', to: ADVOCATE_MAIL });
  expect(mails(stack, handle.workflowId, { title: 'The advocate makes a community follow-up contact (30 days after release)' })).toHaveLength(0);
  // A second release (another event) is refused.
  expect(await refusal(release(handle))).toBe('WRONG_STATE');
  await handle.terminate('test done');
});

test('release out of county hands the youth off and schedules the stabilisation follow-ups', async () => {
  const handle = await book({ dependencyWard: true });
  await waitForState(handle, (s) => s.steps.every((x) => x.status !== 'OPENING'), 'booking steps open');
  expect(await refusal(release(handle, { destination: 'OUT_OF_COUNTY_AGENCY' }))).toBe('INVALID_REQUEST');
  const releasedAt = new Date().toISOString();
  const answer = await release(handle, { releasedAt, destination: 'OUT_OF_COUNTY_AGENCY', receivingAgency });
  expect(answer.openedSteps).toEqual([
    'medical-care-after-release',
    'mental-health-care-after-release',
    'receiving-agency-contact',
    'advocacy-hand-off',
    'social-worker-hand-off',
    'stabilisation-follow-up-7d',
    'stabilisation-follow-up-30d',
    'stabilisation-follow-up-90d',
  ]);
  const state = await waitForState(handle, (s) => s.steps.every((x) => x.status !== 'OPENING'), 'release steps open');
  const steps = byId(state.steps);
  // No agency of the receiving county is on our roster: our DPO makes the contact, and is told whom to call.
  expect(steps['receiving-agency-contact']).toMatchObject({
    status: 'AWAITING_ACKNOWLEDGMENT',
    owing: { agencyId: 'demo-probation', role: 'DPO' },
    contact: receivingAgency,
  });
  expect(steps['social-worker-hand-off'].owing).toMatchObject({ agencyId: 'demo-ssa', role: 'SOCIAL_WORKER' });
  for (const days of [7, 30, 90]) {
    expect(steps[`stabilisation-follow-up-${days}d`]).toMatchObject({
      status: 'SCHEDULED',
      opensAt: new Date(Date.parse(releasedAt) + days * DAY_MS).toISOString(),
    });
  }
  const contactMail = await waitForMail(stack, handle.workflowId, {
    title: 'The DPO confirms contact with the receiving agency in the home county',
    to: DPO_MAIL,
  });
  expect(contactMail.text).toContain('Receiving agency: Far County Probation (Far County), +1-555-0100, intake@far-probation.example');
  await waitForMail(stack, handle.workflowId, {
    title: "SSA contacts the home county's social worker of a dependency ward",
    to: 'csec-social-worker@ssa.demo.example',
  });
  expect(mails(stack, handle.workflowId).filter((m) => m.text.includes('safety and stabilisation'))).toHaveLength(0);
  await handle.terminate('test done');
});

test('a release plan opens the hand-off before the release, and the release does not open it again', async () => {
  const handle = await book();
  const planned = await plan(handle);
  expect(planned.openedSteps).toEqual(['receiving-agency-contact', 'advocacy-hand-off']); // not a dependency ward: no SSA step
  await waitForStep(handle, 'advocacy-hand-off', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
  const released = await release(handle, { destination: 'OUT_OF_COUNTY_AGENCY', receivingAgency });
  expect(released.openedSteps).not.toContain('receiving-agency-contact');
  expect(released.openedSteps).not.toContain('advocacy-hand-off');
  await waitForState(handle, (s) => s.steps.every((x) => x.status !== 'OPENING'), 'release steps open');
  await sleep(1000);
  expect(mails(stack, handle.workflowId, { title: 'The DPO confirms contact with the receiving agency in the home county' })).toHaveLength(1);
  expect(await refusal(plan(handle))).toBe('WRONG_STATE'); // already released
  // The advocacy hand-off records which home-county organisation took the youth on (Advocacy §7).
  expect(await refusal(handle.executeUpdate(completeStep, { args: [{ stepId: 'advocacy-hand-off', actor: advocate }] }))).toBe('INVALID_REQUEST');
  const handedOff = await handle.executeUpdate(completeStep, {
    args: [{ stepId: 'advocacy-hand-off', actor: advocate, record: 'Home County Youth Advocacy Center' }],
  });
  expect(handedOff).toMatchObject({ status: 'COMPLETED', record: 'Home County Youth Advocacy Center' });
  expect(await refusal(handle.executeUpdate(completeStep, { args: [{ stepId: 'receiving-agency-contact', actor: probation, record: 'anything' }] }))).toBe(
    'INVALID_REQUEST',
  );
  await handle.terminate('test done');
});

test('an event retried with its id gets the same answer and opens nothing new', async () => {
  const handle = await book();
  const event: CommunicationFlag & { actor: Actor } = {
    eventId: id('flag'),
    channel: 'MAIL',
    correspondent: 'SUSPECTED_EXPLOITER',
    observedAt: new Date().toISOString(),
    evidenceRef: 'EV-9',
    reasonableCause: 'coded language',
    actor: probation,
  };
  const [first, concurrent] = await Promise.all([
    handle.executeUpdate(flagCommunication, { args: [event] }),
    handle.executeUpdate(flagCommunication, { args: [event] }),
  ]);
  const again = await handle.executeUpdate(flagCommunication, { args: [event] });
  expect(concurrent).toEqual(first);
  expect(again).toEqual(first);
  const state = await waitForState(handle, (s) => s.steps.every((x) => x.status !== 'OPENING'), 'steps open');
  expect(state.steps.filter((s) => s.kind === 'dpo-investigation').map((s) => s.id)).toEqual(['dpo-investigation-1']);
  expect(state.steps.filter((s) => s.kind === 'heat-dda-notice')).toHaveLength(1);
  const releaseEvent: Release & { actor: Actor } = {
    eventId: id('release'),
    releasedAt: new Date().toISOString(),
    destination: 'HOME_IN_COUNTY',
    actor: probation,
  };
  const released = await handle.executeUpdate(recordRelease, { args: [releaseEvent] });
  expect(await handle.executeUpdate(recordRelease, { args: [releaseEvent] })).toEqual(released);
  expect((await stateOf(handle)).steps.filter((s) => s.kind === 'community-follow-up-72h')).toHaveLength(1);
  await handle.terminate('test done');
});

test('the process ends once everything is done or withdrawn after release', async () => {
  // Released 30 days ago less a few seconds, so the 30-day follow-up opens within the test.
  const releasedAt = new Date(Date.now() - 30 * DAY_MS + 5000).toISOString();
  const handle = await book({ bookedAt: new Date(Date.now() - 40 * DAY_MS).toISOString() });
  await flag(handle);
  await release(handle, { releasedAt });
  const ownerOf = (s: StepView) => actorFor[s.chain[0].agencyId];
  // Each owner completes what is open, until the scheduled follow-up has opened and been done too.
  await eventually(
    async () => {
      const state = await stateOf(handle);
      for (const s of state.steps) {
        if (s.status === 'AWAITING_ACKNOWLEDGMENT' || s.status === 'AWAITING_COMPLETION') {
          await handle.executeUpdate(completeStep, {
            args: [{ stepId: s.id, actor: ownerOf(s), outcome: s.kind === 'dpo-investigation' ? 'NO_CONCERN' : undefined }],
          });
        }
      }
      return !(await stateOf(handle)).open;
    },
    40_000,
    'every step closed',
  );
  const result = await handle.result();
  expect(result.releasedAt).toBe(releasedAt);
  expect(result.steps.every((s) => s.status === 'COMPLETED' || s.status === 'WITHDRAWN')).toBe(true);
  expect(result.steps.find((s) => s.id === 'community-follow-up-30d')?.status).toBe('COMPLETED');
  expect(result.steps.find((s) => s.id === 'medical-referral')?.status).toBe('WITHDRAWN');
});

test('continue-as-new in the middle of a stay keeps every step, level and deadline, and sends no email twice', async () => {
  await policy.set('detention', 'mental-health-referral', { acknowledgeWithinSeconds: 1, completeWithinSeconds: null, escalateEverySeconds: 3600 });
  const handle = await book({ continueAsNewAfterEvents: 150 });
  const firstRunId = (await handle.describe()).runId;
  await flag(handle, { correspondent: 'SUSPECTED_EXPLOITER' });
  await flag(handle, { correspondent: 'FAMILY', channel: 'PHONE' });
  // Booking: six steps and the scheduled weekly contact; the flags: three and one.
  const settled = (s: { steps: StepView[] }) =>
    s.steps.length === 11 && s.steps.every((x) => x.status !== 'OPENING') && byId(s.steps)['mental-health-referral'].level === 1;
  await waitForState(handle, settled, 'flags open and the referral escalated');
  await waitForMail(stack, handle.workflowId, { title: MENTAL_HEALTH_REFERRAL_TITLE, to: MEDICAL_DIRECTOR_MAIL });
  const before = await stateOf(handle);
  // Answered retries change nothing but lengthen the history until the run continues as new.
  const retry: CommunicationFlag & { actor: Actor } = {
    eventId: id('retry'),
    channel: 'MAIL',
    correspondent: 'FAMILY',
    observedAt: new Date().toISOString(),
    evidenceRef: 'EV-R',
    reasonableCause: 'routine',
    actor: probation,
  };
  await flag(handle, retry);
  // The state of one run, read while no continue-as-new happens around the read.
  const { state: captured, runId } = await eventually(
    async () => {
      const runId = (await handle.describe()).runId;
      const state = await stateOf(handle);
      const settledNow = state.steps.length === 12 && state.steps.every((x) => x.status !== 'OPENING');
      return settledNow && (await handle.describe()).runId === runId && { state, runId };
    },
    30_000,
    'the retry flag open',
  );
  await eventually(
    async () => {
      if ((await handle.describe()).runId !== runId) return true;
      await handle.executeUpdate(flagCommunication, { args: [retry] });
      return false;
    },
    40_000,
    'continue-as-new',
  );
  expect(runId).not.toBe(firstRunId); // the booking alone already filled a run
  const after = await stateOf(handle);
  // Same steps, statuses, levels, deadlines and escalations.
  expect(after).toEqual(captured);
  expect(byId(before.steps)['mental-health-referral']).toMatchObject({ level: 1, overdue: true });
  expect(byId(after.steps)['mental-health-referral']).toEqual(byId(before.steps)['mental-health-referral']);

  // The continued run still acts: release withdraws the carried in-detention steps and opens the next ones.
  const released = await release(handle);
  expect(released.withdrawnSteps).toContain('mental-health-referral');
  const end = await waitForState(handle, (s) => s.steps.every((x) => x.status !== 'OPENING'), 'release steps open');
  expect(byId(end.steps)['mental-health-referral'].status).toBe('WITHDRAWN');
  expect(byId(end.steps)['dpo-investigation-1'].status).toBe('AWAITING_ACKNOWLEDGMENT');
  await waitForMail(stack, handle.workflowId, { title: 'The advocate makes a community follow-up contact (within 72 hours of release)', to: ADVOCATE_MAIL });
  await sleep(1000);
  const all = mails(stack, handle.workflowId);
  expect(duplicateMessageIds(all)).toEqual([]);
  // One email per step opened (11 before release, 3 at it; the weekly contact is still scheduled) and one escalation.
  expect(all.length).toBe(15);
  await handle.terminate('test done');
});
