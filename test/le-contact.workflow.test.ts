// The step primitive and the LE-contact obligation on a real Temporal dev server,
// real PostgreSQL and a real SMTP server, with short policy timers.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { acknowledgeStep, changeStepDeadline, completeStep, processState } from '../workflows/messages';
import type { Actor } from '../workflows/types';
import { startLeContact } from '../common/processes';
import type { EncounterInput, EncounterType } from '../workflows/encounter';
import { eventually, setTimers, startStack, uniqueRef, type TestStack } from './support/stack';

const advocate: Actor = { agencyId: 'demo-advocacy', via: 'api' };
const probation: Actor = { agencyId: 'demo-probation', via: 'api' };
const coordinator: Actor = { agencyId: 'demo-da', via: 'api' };
const administrator: Actor = { agencyId: 'demo-da', via: 'api', admin: true, county: 'Demo County' };

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

const encounter = (encounterType: EncounterType, extra: Partial<EncounterInput> = {}): EncounterInput => ({
  youthRef: uniqueRef(),
  encounterId: `E-${Math.random().toString(36).slice(2, 10)}`,
  encounterType,
  occurredAt: new Date().toISOString(),
  participatedInInvestigation: false,
  reportingAgencyId: 'demo-sheriff',
  county: 'Demo County',
  ...extra,
});

const start = (input: EncounterInput) => startLeContact(stack.client, stack.taskQueue, input);
const facts = (workflowId: string) => stack.db.stepFact.findMany({ where: { workflowId }, orderBy: { at: 'asc' } });

describe('advocate response step', () => {
  test('notifies the on-call advocate, escalates on a missed deadline, stops once acknowledged', async () => {
    await setTimers(stack.db, 'le-contact', 'advocate-response', { acknowledgeWithinSeconds: 2, completeWithinSeconds: 600, escalateEverySeconds: 2 });
    const input = encounter('AT_RISK_CONTACT');
    const handle = await start(input);

    const first = await stack.smtp.waitFor((m) => m.text.includes(handle.workflowId) && m.to.includes('oncall-advocate@advocacy.demo.example'));
    expect(first.subject).toContain('Action needed');
    expect(first.text).toMatch(/Acknowledge: \S+\/v1\/links\//);
    expect(first.text).toMatch(/Mark complete: \S+\/v1\/links\//);

    // The deadline passes: the backup advocate is told, the step is overdue.
    const backup = await stack.smtp.waitFor((m) => m.text.includes(handle.workflowId) && m.to.includes('backup-advocate@advocacy.demo.example'));
    expect(backup.subject).toContain('OVERDUE');
    const overdue = await handle.query(processState);
    expect(overdue.steps[0]).toMatchObject({ status: 'AWAITING_ACKNOWLEDGMENT', overdue: true });
    expect(overdue.steps[0].level).toBeGreaterThanOrEqual(1);

    const acked = await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
    expect(acked).toMatchObject({ status: 'AWAITING_COMPLETION', overdue: false, acknowledgedBy: 'demo-advocacy' });
    const levelAtAck = acked.level;
    const mailsAtAck = stack.smtp.received.filter((m) => m.text.includes(handle.workflowId)).length;

    // Three escalation intervals later nothing more has been escalated or sent.
    await new Promise((r) => setTimeout(r, 6000));
    const later = await handle.query(processState);
    expect(later.steps[0].level).toBe(levelAtAck);
    expect(stack.smtp.received.filter((m) => m.text.includes(handle.workflowId)).length).toBe(mailsAtAck);

    await handle.executeUpdate(completeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
    const result = await handle.result();
    expect(result.steps[0]).toMatchObject({ status: 'COMPLETED', completedBy: 'demo-advocacy', dueAt: null });

    const events = (await facts(handle.workflowId)).map((f) => f.event);
    expect(events[0]).toBe('OPENED');
    expect(events).toContain('ESCALATED');
    expect(events.slice(-2)).toEqual(['ACKNOWLEDGED', 'COMPLETED']);
    const audit = await stack.db.auditEvent.findMany({ where: { workflowId: handle.workflowId } });
    expect(audit.length).toBe(events.length);
  });

  test('climbs the whole chain to the MDT coordinator, who may then act', async () => {
    await setTimers(stack.db, 'le-contact', 'advocate-response', { acknowledgeWithinSeconds: 1, completeWithinSeconds: null, escalateEverySeconds: 1 });
    const handle = await start(encounter('IDENTIFIED'));
    await stack.smtp.waitFor((m) => m.text.includes(handle.workflowId) && m.to.includes('mdt-coordinator@da.demo.example'));
    const state = await eventually(async () => {
      const s = await handle.query(processState);
      return s.steps[0]?.level === 3 && s;
    });
    expect(state.steps[0].owing).toMatchObject({ agencyId: 'demo-da', role: 'MDT_COORDINATOR' });
    expect(state.steps[0].escalations.map((e) => e.level).slice(0, 3)).toEqual([1, 2, 3]);
    // Acknowledging completes a step that has no completion phase.
    const done = await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: coordinator }] });
    expect(done).toMatchObject({ status: 'COMPLETED', completedBy: 'demo-da' });
    await handle.result();
  });

  test('a deadline change re-arms the waiting step: later postpones, sooner or past escalates', async () => {
    await setTimers(stack.db, 'le-contact', 'advocate-response', { acknowledgeWithinSeconds: 3, completeWithinSeconds: null, escalateEverySeconds: 3600 });
    const handle = await start(encounter('ARREST'));
    await eventually(async () => (await handle.query(processState)).steps.length === 1);

    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    await handle.executeUpdate(changeStepDeadline, { args: [{ stepId: 'advocate-response', actor: administrator, dueAt: inAnHour }] });
    await new Promise((r) => setTimeout(r, 4000)); // past the policy's 3 s
    expect((await handle.query(processState)).steps[0]).toMatchObject({ level: 0, overdue: false, dueAt: inAnHour });

    const soon = new Date(Date.now() + 1500).toISOString();
    const moved = await handle.executeUpdate(changeStepDeadline, { args: [{ stepId: 'advocate-response', actor: administrator, dueAt: soon }] });
    expect(moved.dueAt).toBe(soon);
    const escalated = await eventually(
      async () => {
        const s = await handle.query(processState);
        return s.steps[0].level === 1 && s;
      },
      10_000,
      'escalation after the new deadline',
    );
    expect(escalated.steps[0].overdue).toBe(true);

    await handle.executeUpdate(changeStepDeadline, {
      args: [{ stepId: 'advocate-response', actor: administrator, dueAt: new Date(Date.now() - 60_000).toISOString() }],
    });
    await eventually(async () => (await handle.query(processState)).steps[0].level === 2, 5_000, 'immediate escalation');
    const events = (await facts(handle.workflowId)).map((f) => f.event);
    expect(events.filter((e) => e === 'DEADLINE_CHANGED')).toHaveLength(3);
    await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
    await handle.result();
  });

  test('updates are rejected for an unknown step, a wrong state, or a caller who may not act', async () => {
    await setTimers(stack.db, 'le-contact', 'advocate-response', { acknowledgeWithinSeconds: 3600, completeWithinSeconds: 3600, escalateEverySeconds: 3600 });
    const handle = await start(encounter('AT_RISK_CONTACT'));
    await eventually(async () => (await handle.query(processState)).steps.length === 1);
    const rejected = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return ((err as WorkflowUpdateFailedError).cause as Error).message;
    };
    expect(await rejected(handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'no-such-step', actor: advocate }] }))).toMatch(/^UNKNOWN_STEP/);
    // Probation is not in the advocate's chain; the MDT coordinator is, but only once escalated that far.
    expect(await rejected(handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: probation }] }))).toMatch(/^NOT_PERMITTED/);
    expect(await rejected(handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: coordinator }] }))).toMatch(/^NOT_PERMITTED/);
    const later = new Date(Date.now() + 7200_000).toISOString();
    expect(await rejected(handle.executeUpdate(changeStepDeadline, { args: [{ stepId: 'advocate-response', actor: advocate, dueAt: later }] }))).toMatch(
      /^NOT_PERMITTED/,
    );
    const elsewhere: Actor = { ...administrator, county: 'Neighbor County' };
    expect(await rejected(handle.executeUpdate(changeStepDeadline, { args: [{ stepId: 'advocate-response', actor: elsewhere, dueAt: later }] }))).toMatch(
      /^NOT_PERMITTED/,
    );
    expect(await rejected(handle.executeUpdate(changeStepDeadline, { args: [{ stepId: 'advocate-response', actor: administrator, dueAt: 'soon' }] }))).toMatch(
      /not a date/,
    );
    await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
    expect(await rejected(handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] }))).toMatch(/^WRONG_STATE/);
    await handle.executeUpdate(completeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
    await handle.result();
    // A rejected update records no transition.
    const events = (await facts(handle.workflowId)).map((f) => f.event);
    expect(events).toEqual(['OPENED', 'ACKNOWLEDGED', 'COMPLETED']);
  });
});

describe('LE contact obligations by encounter type', () => {
  beforeEach(async () => {
    for (const step of ['advocate-response', 'probation-jjc-notice', 'probation-interview-notice', 'advocate-interview-support']) {
      await setTimers(stack.db, 'le-contact', step, { acknowledgeWithinSeconds: 3600, completeWithinSeconds: null, escalateEverySeconds: 3600 });
    }
  });

  test('transport to the JJC tells Probation the minor is CSEC and took part in an investigation', async () => {
    const handle = await start(encounter('JJC_TRANSPORT', { participatedInInvestigation: true }));
    const mail = await stack.smtp.waitFor((m) => m.text.includes(handle.workflowId) && m.to.includes('jjc-intake-dpo@probation.demo.example'));
    expect(mail.text).toContain('Took part in a current investigation of an alleged trafficker: yes');
    // Acknowledging is all this step asks: no separate completion link.
    expect(mail.text).toContain('Acknowledge: ');
    expect(mail.text).not.toContain('Mark complete');
    const state = await eventually(async () => {
      const s = await handle.query(processState);
      return s.steps.length === 2 && s;
    });
    expect(state.steps.map((s) => s.id).sort()).toEqual(['advocate-response', 'probation-jjc-notice']);
    await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'probation-jjc-notice', actor: probation }] });
    await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
    const result = await handle.result();
    expect(result.steps.find((s) => s.id === 'probation-jjc-notice')).toMatchObject({ status: 'COMPLETED', completedBy: 'demo-probation' });
  });

  test('a custody interview opens a Probation notice and advocate counseling, each its own step', async () => {
    const handle = await start(encounter('CUSTODY_INTERVIEW'));
    const state = await eventually(async () => {
      const s = await handle.query(processState);
      return s.steps.length === 3 && s;
    });
    expect(state.steps.map((s) => s.id).sort()).toEqual(['advocate-interview-support', 'advocate-response', 'probation-interview-notice']);
    for (const [stepId, actor] of [
      ['probation-interview-notice', probation],
      ['advocate-interview-support', advocate],
      ['advocate-response', advocate],
    ] as const) {
      await handle.executeUpdate(acknowledgeStep, { args: [{ stepId, actor }] });
    }
    const result = await handle.result();
    expect(result.steps.every((s) => s.status === 'COMPLETED')).toBe(true);
  });
});

test('a process survives a worker restart: timers keep running and updates still land', async () => {
  await setTimers(stack.db, 'le-contact', 'advocate-response', { acknowledgeWithinSeconds: 6, completeWithinSeconds: null, escalateEverySeconds: 3600 });
  const handle = await start(encounter('AT_RISK_CONTACT'));
  const opened = await eventually(async () => (await handle.query(processState)).steps[0]);
  await stack.stopWorker();
  // The worker was gone before the deadline, so the escalation below happens after the restart.
  expect(Date.now()).toBeLessThan(Date.parse(opened.dueAt!));
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(opened.dueAt!) - Date.now()) + 1000));
  await stack.startWorker();
  await eventually(async () => (await handle.query(processState)).steps[0].level === 1, 15_000, 'escalation after restart');
  await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocate }] });
  await handle.result();
});

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
  await setTimers(stack.db, 'le-contact', 'advocate-response', { acknowledgeWithinSeconds: 3600, completeWithinSeconds: null, escalateEverySeconds: 3600 });
  const handle = await start(encounter('IDENTIFIED', { county: 'Gap County' }));
  await stack.smtp.waitFor((m) => m.text.includes(handle.workflowId) && m.to.includes('backup@gap.example'), 10_000);
  const events = (await facts(handle.workflowId)).map((f) => f.event);
  expect(events.slice(0, 3)).toEqual(['OPENED', 'NO_RECIPIENT', 'ESCALATED']);
  await handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: { agencyId: 'gap-advocacy', via: 'api' } }] });
  await handle.result();
});
