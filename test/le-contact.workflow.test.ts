// The LE-contact obligation (v2) on a real Temporal dev server, real PostgreSQL and a real SMTP
// server, with short timers set through the policy table.
import { advocateAfterInterview, advocateResponse } from '../workflows/le-contact-steps';
import type { WorkflowHandle } from '@temporalio/client';
import { startLeContact } from '../common/processes';
import type { EncounterInput } from '../workflows/encounter';
import type { leContact } from '../workflows/le-contact';
import { recordInterviewEnded } from '../workflows/le-contact-messages';
import { acknowledgeStep, changeStepDeadline, closeStep, completeStep } from '../workflows/messages';
import type { Actor } from '../workflows/types';
import { eventually, startStack, type TestStack, TEST_CASE_INDEX_KEY } from './support/stack';
import {
  eventsOf,
  mails,
  policies,
  refusal,
  sleep,
  stateOf,
  stepOf,
  useWorkflowStack,
  waitForMail,
  waitForState,
  waitForStep,
  demo,
  demoEncounter,
} from './support/steps';

const { sheriff, advocate, probation, da: coordinator, administrator } = demo;
/** The county's MDT coordinator sits at the DA's office: top of every chain but a confidential step's (which stays inside its agency). */

const ADVOCATE_MAIL = 'oncall-advocate@advocacy.demo.example';
const BACKUP_ADVOCATE_MAIL = 'backup-advocate@advocacy.demo.example';
const COORDINATOR_MAIL = 'mdt-coordinator@da.demo.example';
const DPO_MAIL = 'jjc-intake-dpo@probation.demo.example';
const SHERIFF_MAIL = 'csec-unit@sheriff.demo.example';
const ADVOCATE_RESPONSE_TITLE = advocateResponse.title;
const AFTER_INTERVIEW_TITLE = advocateAfterInterview.title;

const LE_STEPS = [
  'advocate-response',
  'probation-jjc-notice',
  'probation-interview-notice',
  'right-to-advocate-advisement',
  'advocate-before-interview',
  'advocate-during-interview',
  'advocate-after-interview',
  'child-abuse-phone-report',
  'child-abuse-written-report',
];
/** Steps whose acknowledgment completes them (the others also need a completion). */
const ACK_ONLY = [
  'probation-jjc-notice',
  'probation-interview-notice',
  'right-to-advocate-advisement',
  'advocate-during-interview',
  'child-abuse-phone-report',
];

let stack: TestStack;
let policy: ReturnType<typeof policies>;
useWorkflowStack((s, p) => ((stack = s), (policy = p)));
// Unless a test shortens one, no step escalates while a test runs.
beforeEach(async () => {
  for (const step of LE_STEPS) {
    await policy.set('le-contact', step, {
      acknowledgeWithinSeconds: 3600,
      completeWithinSeconds: ACK_ONLY.includes(step) ? null : 7200,
      escalateEverySeconds: 3600,
    });
  }
});

const encounter = demoEncounter;

const start = (input: EncounterInput) => startLeContact(stack.client, stack.taskQueue, input, TEST_CASE_INDEX_KEY);
type Handle = WorkflowHandle<typeof leContact>;

const actorFor: Record<string, Actor> = { 'demo-sheriff': sheriff, 'demo-advocacy': advocate, 'demo-probation': probation };
/** Each owing agency completes what is left of its steps (once they are open); the process then ends. */
async function finish(handle: Handle) {
  for (const step of (await waitForState(handle, (s) => s.steps.every((x) => x.status !== 'OPENING'), 'every step opened')).steps) {
    if (step.status === 'AWAITING_ACKNOWLEDGMENT' || step.status === 'AWAITING_COMPLETION') {
      await handle.executeUpdate(completeStep, {
        args: [{ stepId: step.id, actor: actorFor[step.chain[0].agencyId] ?? { agencyId: step.chain[0].agencyId, via: 'api' } }],
      });
    }
  }
  return handle.result();
}

describe('steps by encounter type', () => {
  test('every encounter opens the advocate response and the cross-report to the hotline, owed by the reporting agency', async () => {
    const handle = await start(encounter('AT_RISK_CONTACT'));
    const state = await waitForState(handle, (s) => s.steps.every((x) => x.status === 'AWAITING_ACKNOWLEDGMENT'), 'every step open');
    expect(state.steps.map((s) => s.id).sort()).toEqual(['advocate-response', 'child-abuse-phone-report', 'child-abuse-written-report']);
    expect(state.initiatingAgencyId).toBe('demo-sheriff');
    const byId = Object.fromEntries(state.steps.map((s) => [s.id, s]));
    expect(byId['advocate-response'].owing).toMatchObject({ agencyId: 'demo-advocacy', role: 'ADVOCATE' });
    // PC §11166: the agency that met the youth reports, by phone and then in writing.
    for (const id of ['child-abuse-phone-report', 'child-abuse-written-report']) {
      expect(byId[id].owing).toMatchObject({ agencyId: 'demo-sheriff', role: 'OFFICER' });
      expect(byId[id].chain.at(-1)).toMatchObject({ agencyId: 'demo-da', role: 'MDT_COORDINATOR' });
    }
    const advocateMail = await waitForMail(stack, handle.workflowId, { title: ADVOCATE_RESPONSE_TITLE, to: ADVOCATE_MAIL });
    expect(advocateMail.subject).toContain('Action needed');
    expect(advocateMail.text).toMatch(/Acknowledge: \S+\/v1\/links\//);
    expect(advocateMail.text).toMatch(/Mark complete: \S+\/v1\/links\//);
    await eventually(() => mails(stack, handle.workflowId, { to: SHERIFF_MAIL }).length === 2, 30_000, 'both cross-report emails to the sheriff');

    const result = await finish(handle);
    expect(result.steps.every((s) => s.status === 'COMPLETED')).toBe(true);
    expect(result.steps.find((s) => s.id === 'child-abuse-phone-report')).toMatchObject({ completedBy: 'demo-sheriff' });
  });

  test('JJC transport: Probation is told whether the youth took part in an investigation, with only an Acknowledge link', async () => {
    for (const participated of [true, false]) {
      const handle = await start(encounter('JJC_TRANSPORT', { participatedInInvestigation: participated }));
      const mail = await waitForMail(stack, handle.workflowId, { to: DPO_MAIL });
      expect(mail.text).toContain(`Took part in a current investigation of an alleged trafficker: ${participated ? 'yes' : 'no'}`);
      // Acknowledging the notice is all it asks.
      expect(mail.text).toMatch(/Acknowledge: \S+\/v1\/links\//);
      expect(mail.text).not.toContain('Mark complete');
      const state = await stateOf(handle);
      expect(state.steps.map((s) => s.id).sort()).toEqual([
        'advocate-response',
        'child-abuse-phone-report',
        'child-abuse-written-report',
        'probation-jjc-notice',
      ]);
      const done = await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'probation-jjc-notice', actor: probation }] });
      expect(done).toMatchObject({ status: 'COMPLETED', completedBy: 'demo-probation', acknowledgedBy: 'demo-probation' });
      await finish(handle);
    }
  });
});

describe('custody interview', () => {
  const interviewIn = (startsInMs: number, lastsMs: number) => ({
    startsAt: new Date(Date.now() + startsInMs).toISOString(),
    endsAt: new Date(Date.now() + startsInMs + lastsMs).toISOString(),
  });

  test('Probation, the right-to-advocate advisement and the advocate before/during are due at the start; after opens when LE records the end', async () => {
    // Starts in 30 min: sooner than the policy's hour, so the start is the deadline.
    const interview = interviewIn(1800_000, 3600_000);
    const handle = await start(encounter('CUSTODY_INTERVIEW', { interview }));
    const state = await waitForState(handle, (s) => s.steps.every((x) => x.status !== 'OPENING'), 'steps opened');
    const byId = Object.fromEntries(state.steps.map((s) => [s.id, s]));
    // The interview has its own advocate steps: no generic advocate response.
    expect(Object.keys(byId).sort()).toEqual([
      'advocate-after-interview',
      'advocate-before-interview',
      'advocate-during-interview',
      'child-abuse-phone-report',
      'child-abuse-written-report',
      'probation-interview-notice',
      'right-to-advocate-advisement',
    ]);
    for (const id of ['probation-interview-notice', 'right-to-advocate-advisement', 'advocate-before-interview', 'advocate-during-interview']) {
      expect(byId[id]).toMatchObject({ status: 'AWAITING_ACKNOWLEDGMENT', dueAt: interview.startsAt });
    }
    expect(byId['right-to-advocate-advisement'].owing).toMatchObject({ agencyId: 'demo-sheriff', role: 'OFFICER' });
    expect(byId['probation-interview-notice'].owing).toMatchObject({ agencyId: 'demo-probation', role: 'DPO' });
    const after = byId['advocate-after-interview'];
    expect(after).toMatchObject({ status: 'SCHEDULED', dueAt: null, chain: [] });
    expect(Date.parse(after.opensAt!)).toBe(Date.parse(interview.endsAt) + 2 * 3600_000);

    // Not open yet: nobody may act on it, and nothing was emailed for it.
    expect(await refusal(handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-after-interview', actor: advocate }] }))).toBe('NOT_YET_OPEN');
    await waitForMail(stack, handle.workflowId, { title: 'Advocate provides crisis counseling before the custody interview', to: ADVOCATE_MAIL });
    expect(mails(stack, handle.workflowId, { title: AFTER_INTERVIEW_TITLE })).toHaveLength(0);

    // Only the reporting LE agency records the end.
    expect(await refusal(handle.executeUpdate(recordInterviewEnded, { args: [{ actor: advocate }] }))).toBe('NOT_PERMITTED');
    const ended = await handle.executeUpdate(recordInterviewEnded, { args: [{ actor: sheriff }] });
    expect(ended.steps.find((s) => s.id === 'advocate-after-interview')?.status).not.toBe('COMPLETED');
    const opened = await waitForStep(handle, 'advocate-after-interview', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT', 'after-interview step open');
    expect(opened.owing).toMatchObject({ agencyId: 'demo-advocacy', role: 'ADVOCATE' });
    const mail = await waitForMail(stack, handle.workflowId, { title: AFTER_INTERVIEW_TITLE, to: ADVOCATE_MAIL });
    expect(mail.subject).toContain('Action needed');
    // Recording the end again changes nothing: one email for the step.
    await handle.executeUpdate(recordInterviewEnded, { args: [{ actor: sheriff }] });
    await sleep(1000);
    expect(mails(stack, handle.workflowId, { title: AFTER_INTERVIEW_TITLE })).toHaveLength(1);

    const result = await finish(handle);
    expect(result.steps).toHaveLength(7);
    expect(result.steps.every((s) => s.status === 'COMPLETED')).toBe(true);
  });

  test('if LE never records the end, the advocate follow-up opens by itself two hours after the scheduled end', async () => {
    // The interview ended (as scheduled) 2 h minus a few seconds ago.
    const interview = interviewIn(-(2 * 3600_000 + 3600_000 - 4000), 3600_000);
    const handle = await start(encounter('CUSTODY_INTERVIEW', { interview }));
    const scheduled = await waitForStep(handle, 'advocate-after-interview', (s) => s.status === 'SCHEDULED');
    expect(mails(stack, handle.workflowId, { title: AFTER_INTERVIEW_TITLE })).toHaveLength(0);
    const opened = await waitForStep(handle, 'advocate-after-interview', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT', 'after-interview opens by itself');
    expect(Date.parse(opened.openedAt!)).toBeGreaterThanOrEqual(Date.parse(scheduled.opensAt!));
    const mail = await waitForMail(stack, handle.workflowId, { title: AFTER_INTERVIEW_TITLE, to: ADVOCATE_MAIL });
    expect(mail.at).toBeGreaterThanOrEqual(Date.parse(scheduled.opensAt!));
    await handle.terminate('test done');
  });

  test('recording an interview end on an encounter without an interview is refused', async () => {
    const handle = await start(encounter('ARREST'));
    expect(await refusal(handle.executeUpdate(recordInterviewEnded, { args: [{ actor: sheriff }] }))).toBe('INVALID_REQUEST');
    await finish(handle);
  });
});

describe('escalation', () => {
  test('a missed deadline escalates to the backup; acknowledging stops the escalation', async () => {
    await policy.set('le-contact', 'advocate-response', { acknowledgeWithinSeconds: 2, completeWithinSeconds: 600, escalateEverySeconds: 2 });
    const handle = await start(encounter('AT_RISK_CONTACT'));
    await waitForMail(stack, handle.workflowId, { title: ADVOCATE_RESPONSE_TITLE, to: ADVOCATE_MAIL });
    const backup = await waitForMail(stack, handle.workflowId, { title: ADVOCATE_RESPONSE_TITLE, to: BACKUP_ADVOCATE_MAIL });
    expect(backup.subject).toContain('OVERDUE');
    expect(await stepOf(handle, 'advocate-response')).toMatchObject({ status: 'AWAITING_ACKNOWLEDGMENT', overdue: true });

    const acked = await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
    expect(acked).toMatchObject({ status: 'AWAITING_COMPLETION', overdue: false, acknowledgedBy: 'demo-advocacy' });
    const mailsAtAck = mails(stack, handle.workflowId, { title: ADVOCATE_RESPONSE_TITLE }).length;
    // Several escalation intervals later nothing more was escalated or sent.
    await sleep(6000);
    expect((await stepOf(handle, 'advocate-response'))!.level).toBe(acked.level);
    expect(mails(stack, handle.workflowId, { title: ADVOCATE_RESPONSE_TITLE })).toHaveLength(mailsAtAck);

    const result = await finish(handle);
    expect(result.steps.find((s) => s.id === 'advocate-response')).toMatchObject({ status: 'COMPLETED', completedBy: 'demo-advocacy', dueAt: null });
    const events = (await eventsOf(stack.db, handle.workflowId))['advocate-response'];
    expect(events[0]).toBe('OPENED');
    expect(events).toContain('ESCALATED');
    expect(events.slice(-1)).toEqual(['COMPLETED']);
    expect(events.filter((e) => e === 'ACKNOWLEDGED')).toHaveLength(1);
    const audit = await stack.db.auditEvent.count({ where: { workflowId: handle.workflowId, stepId: 'advocate-response' } });
    expect(audit).toBe(events.length);
  });

  test("a confidential step's chain climbs inside its agency to its director; past the top, reminders come ever less often", async () => {
    const every = 2;
    await policy.set('le-contact', 'advocate-response', { acknowledgeWithinSeconds: 1, completeWithinSeconds: null, escalateEverySeconds: every });
    const handle = await start(encounter('IDENTIFIED'));
    // Levels 1–3 (backup, supervisor, director), then three reminders to the director.
    const step = await waitForStep(handle, 'advocate-response', (s) => s.escalations.length >= 6, 'three reminders past the top', 60_000);
    expect(step.chain.map((p) => `${p.agencyId}/${p.role}`)).toEqual([
      'demo-advocacy/ADVOCATE',
      'demo-advocacy/BACKUP',
      'demo-advocacy/SUPERVISOR',
      'demo-advocacy/DIRECTOR',
    ]);
    expect(step.escalations.map((e) => e.level).slice(0, 6)).toEqual([1, 2, 3, 3, 3, 3]);
    expect(step.owing).toMatchObject({ agencyId: 'demo-advocacy', role: 'DIRECTOR' });
    const at = step.escalations.map((e) => Date.parse(e.at));
    // Timers never fire early, so each gap is at least its interval: e, e, then 2e between reminders.
    expect(at[4] - at[3]).toBeGreaterThanOrEqual(every * 1000);
    expect(at[5] - at[4]).toBeGreaterThanOrEqual(2 * every * 1000);
    // The next reminder is set exactly 4e after the third (the state is read before that one fires).
    if (step.escalations.length === 6) expect(Date.parse(step.dueAt!) - at[5]).toBe(4 * every * 1000);
    // The escalation to the director and three reminders (the state may run ahead of the mail).
    const directorMails = await eventually(
      () => {
        const m = mails(stack, handle.workflowId, { title: ADVOCATE_RESPONSE_TITLE, to: 'director@advocacy.demo.example' });
        return m.length >= 4 && m;
      },
      30_000,
      'four emails to the director',
    );
    expect(directorMails.filter((m) => m.subject.includes('OVERDUE'))).toHaveLength(directorMails.length);
    // The MDT coordinator, outside the advocates' privilege, was never told of it.
    expect(mails(stack, handle.workflowId, { to: COORDINATOR_MAIL })).toHaveLength(0);
    // The director takes it on: acknowledging completes a step without a completion phase.
    const done = await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
    expect(done).toMatchObject({ status: 'COMPLETED', completedBy: 'demo-advocacy' });
    await finish(handle);
  });

  test('a deadline change by an administrator: later postpones, sooner or past escalates', async () => {
    await policy.set('le-contact', 'advocate-response', { acknowledgeWithinSeconds: 3, completeWithinSeconds: null, escalateEverySeconds: 3600 });
    const handle = await start(encounter('ARREST'));
    await waitForStep(handle, 'advocate-response', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');

    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    const later = await handle.executeUpdate(changeStepDeadline, {
      args: [{ stepId: 'advocate-response', actor: administrator, dueAt: inAnHour, reason: 'test' }],
    });
    expect(later).toMatchObject({ dueAt: inAnHour, overdue: false });
    await sleep(5000); // past the policy's 3 s
    expect(await stepOf(handle, 'advocate-response')).toMatchObject({ level: 0, overdue: false, dueAt: inAnHour });

    const soon = new Date(Date.now() + 1500).toISOString();
    expect(
      (await handle.executeUpdate(changeStepDeadline, { args: [{ stepId: 'advocate-response', actor: administrator, dueAt: soon, reason: 'test' }] })).dueAt,
    ).toBe(soon);
    const escalated = await waitForStep(handle, 'advocate-response', (s) => s.level === 1, 'escalation after the sooner deadline');
    expect(escalated.overdue).toBe(true);
    await waitForMail(stack, handle.workflowId, { title: ADVOCATE_RESPONSE_TITLE, to: BACKUP_ADVOCATE_MAIL });

    const past = new Date(Date.now() - 60_000).toISOString();
    await handle.executeUpdate(changeStepDeadline, { args: [{ stepId: 'advocate-response', actor: administrator, dueAt: past, reason: 'test' }] });
    await waitForStep(handle, 'advocate-response', (s) => s.level === 2, 'escalation at once for a past deadline');
    // The step's level moves first; its audit row is written by the activity right after.
    const events = await eventually(
      async () => {
        const recorded = (await eventsOf(stack.db, handle.workflowId))['advocate-response'];
        return recorded.filter((e) => e === 'ESCALATED').length >= 2 && recorded;
      },
      30_000,
      'the second escalation recorded',
    );
    expect(events.filter((e) => e === 'DEADLINE_CHANGED')).toHaveLength(3);
    expect(events.filter((e) => e === 'ESCALATED')).toHaveLength(2);
    await finish(handle);
  });
});

describe('who may act', () => {
  test('any level of the owing agency acts as the owner: the supervisor acknowledges for the advocate', async () => {
    await policy.set('le-contact', 'advocate-response', { acknowledgeWithinSeconds: 1, completeWithinSeconds: 3600, escalateEverySeconds: 1 });
    const handle = await start(encounter('IDENTIFIED'));
    await waitForMail(stack, handle.workflowId, { title: ADVOCATE_RESPONSE_TITLE, to: 'supervisor@advocacy.demo.example' });
    // The supervisor acts through the link emailed to the supervisor: the same agency.
    const supervisor: Actor = { agencyId: 'demo-advocacy', via: 'link' };
    const acked = await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: supervisor }] });
    expect(acked).toMatchObject({ status: 'AWAITING_COMPLETION', acknowledgedBy: 'demo-advocacy' });
    const done = await handle.executeUpdate(completeStep, { args: [{ stepId: 'advocate-response', actor: supervisor }] });
    expect(done).toMatchObject({ status: 'COMPLETED', completedBy: 'demo-advocacy' });
    await finish(handle);
  });

  test('the coordinator reached by the chain may take a step on or close it with a reason, never complete it', async () => {
    // The sheriff's written cross-report: not confidential, so its chain ends at the county's MDT coordinator.
    const stepId = 'child-abuse-written-report';
    await policy.set('le-contact', stepId, { acknowledgeWithinSeconds: 3600, completeWithinSeconds: 7200, escalateEverySeconds: 3600 });
    const handle = await start(encounter('ARREST'));
    await waitForStep(handle, stepId, (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
    const close = (actor: Actor, reason: string) => handle.executeUpdate(closeStep, { args: [{ stepId, actor, reason }] });
    // Not reached yet: the coordinator is a stranger to the step.
    expect(await refusal(handle.executeUpdate(acknowledgeStep, { args: [{ stepId, actor: coordinator }] }))).toBe('NOT_PERMITTED');
    expect(await refusal(close(coordinator, 'youth placed out of county'))).toBe('NOT_PERMITTED');
    // The owner completes its work; closing is the coordinator's.
    expect(await refusal(close(sheriff, 'done elsewhere'))).toBe('NOT_PERMITTED');

    // Two missed deadlines later (moved to the past by the administrator) the coordinator owns the escalation.
    for (let level = 1; level <= 2; level++) {
      await handle.executeUpdate(changeStepDeadline, {
        args: [{ stepId, actor: administrator, dueAt: new Date(Date.now() - 1000).toISOString(), reason: 'test' }],
      });
      await waitForStep(handle, stepId, (s) => s.level === level, `level ${level}`);
    }
    expect(await refusal(handle.executeUpdate(completeStep, { args: [{ stepId, actor: coordinator }] }))).toBe('NOT_PERMITTED');
    expect(await refusal(close(coordinator, '   '))).toBe('INVALID_REQUEST');
    const closed = await close(coordinator, 'youth moved to another county; advocacy there');
    expect(closed).toMatchObject({
      status: 'CLOSED_BY_COORDINATOR',
      completedBy: 'demo-da',
      closedReason: 'youth moved to another county; advocacy there',
      overdue: false,
      dueAt: null,
    });
    expect(await refusal(close(coordinator, 'again'))).toBe('WRONG_STATE');
    const result = await finish(handle);
    expect(result.steps.find((s) => s.id === stepId)?.status).toBe('CLOSED_BY_COORDINATOR');
    const events = (await eventsOf(stack.db, handle.workflowId))[stepId];
    expect(events).toContain('CLOSED_BY_COORDINATOR');
    expect(events).not.toContain('COMPLETED');
  });

  test('typed refusals: permission before existence, wrong state, bad requests; administrators act on no step', async () => {
    const handle = await start(encounter('AT_RISK_CONTACT'));
    await waitForStep(handle, 'advocate-response', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
    const ack = (stepId: string, actor: Actor) => handle.executeUpdate(acknowledgeStep, { args: [{ stepId, actor }] });
    // To an agency with no part in it the process does not exist; a party learns a step does not.
    expect(await refusal(ack('no-such-step', probation))).toBe('NOT_FOUND');
    expect(await refusal(ack('advocate-response', probation))).toBe('NOT_FOUND');
    expect(await refusal(ack('no-such-step', advocate))).toBe('UNKNOWN_STEP');
    expect(await refusal(ack('child-abuse-phone-report', advocate))).toBe('NOT_PERMITTED');
    // Another agency's confidential step does not exist for the caller, administrators included.
    expect(await refusal(ack('advocate-response', sheriff))).toBe('UNKNOWN_STEP');
    expect(await refusal(ack('advocate-response', administrator))).toBe('UNKNOWN_STEP');
    expect(await refusal(ack('child-abuse-phone-report', administrator))).toBe('NOT_PERMITTED');
    expect(await refusal(ack('no-such-step', administrator))).toBe('UNKNOWN_STEP');
    // The step takes no outcome.
    expect(await refusal(handle.executeUpdate(completeStep, { args: [{ stepId: 'advocate-response', actor: advocate, outcome: 'DECLINED_BY_YOUTH' }] }))).toBe(
      'INVALID_REQUEST',
    );

    const later = new Date(Date.now() + 7200_000).toISOString();
    const move = (stepId: string, actor: Actor, dueAt = later) =>
      handle.executeUpdate(changeStepDeadline, { args: [{ stepId, actor, dueAt, reason: 'test' }] });
    expect(await refusal(move('advocate-response', advocate))).toBe('NOT_PERMITTED');
    expect(await refusal(move('advocate-response', { ...administrator, county: 'Neighbor County' }))).toBe('NOT_PERMITTED');
    expect(await refusal(move('no-such-step', administrator))).toBe('UNKNOWN_STEP');
    expect(await refusal(move('advocate-response', administrator, 'soon'))).toBe('INVALID_REQUEST');

    await ack('advocate-response', advocate);
    expect(await refusal(ack('advocate-response', advocate))).toBe('WRONG_STATE');
    await handle.executeUpdate(completeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
    expect(await refusal(handle.executeUpdate(completeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] }))).toBe('WRONG_STATE');
    expect(await refusal(move('advocate-response', administrator))).toBe('WRONG_STATE');
    await finish(handle);
    // A refused update records nothing.
    expect((await eventsOf(stack.db, handle.workflowId))['advocate-response']).toEqual(['OPENED', 'ACKNOWLEDGED', 'COMPLETED']);
  });
});

test('a step exists from the first moment: an acknowledgment sent right after the start waits for the opening', async () => {
  const handle = await start(encounter('AT_RISK_CONTACT'));
  const acked = await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
  expect(acked).toMatchObject({ status: 'AWAITING_COMPLETION', acknowledgedBy: 'demo-advocacy' });
  expect(acked.chain[0]).toMatchObject({ agencyId: 'demo-advocacy', role: 'ADVOCATE' });
  // Another agency's actor cannot use the same window.
  const other = await start(encounter('AT_RISK_CONTACT'));
  expect(await refusal(other.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: probation }] }))).toBe('NOT_FOUND');
  await finish(handle);
  await finish(other);
});

test('a process survives a worker restart: timers keep running and updates still land', async () => {
  // A worker of its own: a restarted worker replays every cached process of its queue first, and
  // the other tests leave many behind, which on a busy machine can take longer than the wait.
  const own = await startStack();
  try {
    await policy.set('le-contact', 'advocate-response', { acknowledgeWithinSeconds: 6, completeWithinSeconds: null, escalateEverySeconds: 3600 });
    const handle = await startLeContact(own.client, own.taskQueue, encounter('AT_RISK_CONTACT'), TEST_CASE_INDEX_KEY);
    const opened = await waitForStep(handle, 'advocate-response', (s) => s.status === 'AWAITING_ACKNOWLEDGMENT');
    await waitForState(handle, (s) => s.steps.every((x) => x.status === 'AWAITING_ACKNOWLEDGMENT'), 'every step open');
    // An activity cut off by the shutdown would hold its step until its one-minute timeout.
    await eventually(async () => (await handle.describe()).raw.pendingActivities?.length === 0, 30_000, 'no activity in flight');
    await own.stopWorker();
    // The worker was gone before the deadline, so the escalation below happens after the restart.
    expect(Date.now()).toBeLessThan(Date.parse(opened.dueAt!));
    await sleep(Math.max(0, Date.parse(opened.dueAt!) - Date.now()) + 1000);
    await own.startWorker();
    await waitForStep(handle, 'advocate-response', (s) => s.level === 1, 'escalation after restart', 40_000);
    await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
    await finish(handle);
  } finally {
    await own.close();
  }
}, 150_000); // the worker's shutdown, the deadline and the hand-over to the new worker add up

test('a level with nobody to notify escalates at once instead of waiting out the deadline', async () => {
  // A county whose advocacy agency has a backup but no advocate on its roster.
  await stack.db.agency.upsert({
    where: { id: 'gap-advocacy' },
    update: {},
    create: { id: 'gap-advocacy', name: 'Gap County Advocacy', type: 'ADVOCACY', county: 'Gap County', designated: true },
  });
  await stack.db.representative.upsert({
    where: { id: 'gap-backup' },
    update: {},
    create: { id: 'gap-backup', agencyId: 'gap-advocacy', displayName: 'backup', email: 'backup@gap.example', role: 'BACKUP', onCall: true },
  });
  await stack.db.escalationLevel.upsert({
    where: { agencyId_role_level: { agencyId: 'gap-advocacy', role: 'ADVOCATE', level: 1 } },
    update: {},
    create: { agencyId: 'gap-advocacy', role: 'ADVOCATE', level: 1, targetAgencyId: 'gap-advocacy', targetRole: 'BACKUP' },
  });
  const handle = await start(encounter('IDENTIFIED', { county: 'Gap County' }));
  await waitForMail(stack, handle.workflowId, { to: 'backup@gap.example' });
  expect((await eventsOf(stack.db, handle.workflowId))['advocate-response'].slice(0, 3)).toEqual(['OPENED', 'NO_RECIPIENT', 'ESCALATED']);
  await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: { agencyId: 'gap-advocacy', via: 'api' } }] });
  await finish(handle);
});
