// Escalations under load: how late the escalation email lands after a deadline (counted from the
// process's start) while many processes hold timers, what those processes cost the worker in
// memory, whether a worker restart loses a timer, the step's history events per escalation round,
// and whether a continued-as-new process keeps its state.
import type { WorkflowHandle } from '@temporalio/client';
import { startLeContact } from '../../common/processes';
import { probationJjcNotice } from '../../workflows/le-contact-steps';
import { processState } from '../../workflows/messages';
import type { StepView } from '../../workflows/types';
import { eventually, setTimers, TEST_CASE_INDEX_KEY, type TestStack } from '../support/stack';
import { demoEncounter } from '../support/steps';
import { inParallel } from './bare';
import { arrivals, processOf } from './mail-arrivals';
import { percentile, sleep } from './measure';

const PROBE_ACK_SECONDS = Number(process.env.BENCH_PROBE_ACK_SECONDS ?? 30);
const PROBE_ESCALATE_SECONDS = 3;
const PROBE_STEP = probationJjcNotice(false).kind;
const escalated = (m: { text: string }) => m.text.startsWith('ESCALATED');

const jjcStep = async (handle: WorkflowHandle): Promise<StepView | undefined> => (await handle.query(processState)).steps.find((s) => s.id === PROBE_STEP);

/** Background processes (an at-risk contact: three steps, timers hours away), started `concurrency` at a time. */
export async function openProcesses(stack: TestStack, count: number, concurrency = 20): Promise<{ handles: WorkflowHandle[]; perSecond: number }> {
  const handles: WorkflowHandle[] = [];
  const t0 = Date.now();
  await inParallel(count, concurrency, async () =>
    handles.push(await startLeContact(stack.client, stack.taskQueue, demoEncounter('AT_RISK_CONTACT'), TEST_CASE_INDEX_KEY)),
  );
  // Started means every step has looked up its owner (recorded OPENED).
  const ids = handles.map((h) => h.workflowId);
  await eventually(
    async () => (await stack.db.stepFact.count({ where: { event: 'OPENED', workflowId: { in: ids } } })) >= 3 * count,
    900_000,
    `${count} processes opened`,
  );
  return { handles, perSecond: count / ((Date.now() - t0) / 1000) };
}

export interface EscalationResult {
  latenessP50Ms: number;
  latenessP99Ms: number;
  /** Probes whose escalation email arrived (after the worker restarted mid-wait, if it did). */
  escalated: number;
  probes: number;
}

/**
 * Probes (a JJC transport: Probation's notice, acknowledged within seconds) started among the open
 * processes; the worker restarts while their timers run, if told. Lateness: escalation email received − deadline.
 */
export async function benchEscalation(stack: TestStack, probes: number, restart: boolean): Promise<EscalationResult> {
  await setTimers(stack.db, 'le-contact', PROBE_STEP, { acknowledgeWithinSeconds: PROBE_ACK_SECONDS, completeWithinSeconds: null, escalateEverySeconds: 3600 });
  const handles = await Promise.all(
    Array.from({ length: probes }, () => startLeContact(stack.client, stack.taskQueue, demoEncounter('JJC_TRANSPORT'), TEST_CASE_INDEX_KEY)),
  );
  if (restart) {
    // The restart falls between every probe's opening and its deadline.
    await eventually(async () => (await Promise.all(handles.map(jjcStep))).every((st) => st?.status === 'AWAITING_ACKNOWLEDGMENT'), 600_000, 'the probes open');
    await stack.stopWorker();
    await stack.startWorker();
  }
  const received = await arrivals(
    stack.smtp,
    handles.map((h) => h.workflowId),
    (m) => (escalated(m) ? processOf(m) : undefined),
    300_000,
  );
  const lateness = await Promise.all(
    handles
      .filter((h) => received.has(h.workflowId))
      .map(async (h) => received.get(h.workflowId)! - Date.parse((await jjcStep(h))!.openedAt!) - PROBE_ACK_SECONDS * 1000),
  );
  await Promise.all(handles.map((h) => h.terminate('benchmark done')));
  return { latenessP50Ms: percentile(lateness, 50), latenessP99Ms: percentile(lateness, 99), escalated: received.size, probes };
}

/** History events one escalation round adds (rounds 1 → 3 of one probe). */
export async function eventsPerEscalationRound(stack: TestStack): Promise<number> {
  await setTimers(stack.db, 'le-contact', PROBE_STEP, {
    acknowledgeWithinSeconds: 60,
    completeWithinSeconds: null,
    escalateEverySeconds: PROBE_ESCALATE_SECONDS,
  });
  const handle = await startLeContact(stack.client, stack.taskQueue, demoEncounter('JJC_TRANSPORT'), TEST_CASE_INDEX_KEY);
  const historyAt = async (rounds: number) => {
    await eventually(async () => ((await jjcStep(handle))?.escalations.length ?? 0) >= rounds, 120_000, `${rounds} escalations`);
    await sleep(1000); // the round's record and notification finish
    return (await handle.describe()).historyLength;
  };
  // An administrator moves the deadline to now: rounds then follow every few seconds.
  await eventually(async () => (await jjcStep(handle))?.status === 'AWAITING_ACKNOWLEDGMENT', 120_000, 'the probe open');
  const { changeStepDeadline } = await import('../../workflows/messages');
  const admin = { agencyId: 'demo-da', via: 'api', admin: true, county: 'Demo County' } as const;
  await handle.executeUpdate(changeStepDeadline, { args: [{ stepId: PROBE_STEP, dueAt: new Date().toISOString(), actor: admin, reason: 'benchmark' }] });
  const first = await historyAt(1);
  const third = await historyAt(3);
  await handle.terminate('benchmark done');
  return (third - first) / 2;
}

/** Whether a process continued as new (every 60 events) still holds its step's opening, escalations and level. */
export async function stateKeptAcrossContinueAsNew(stack: TestStack): Promise<{ kept: boolean; escalationsCarried: number }> {
  await setTimers(stack.db, 'le-contact', PROBE_STEP, {
    acknowledgeWithinSeconds: PROBE_ESCALATE_SECONDS,
    completeWithinSeconds: null,
    escalateEverySeconds: PROBE_ESCALATE_SECONDS,
  });
  const handle = await startLeContact(stack.client, stack.taskQueue, demoEncounter('JJC_TRANSPORT', { continueAsNewAfterEvents: 60 }), TEST_CASE_INDEX_KEY);
  const firstRun = (await handle.describe()).runId;
  const before = await eventually(
    async () => {
      const s = await jjcStep(handle);
      return s && s.escalations.length >= 2 && s;
    },
    120_000,
    'two escalations',
  );
  await eventually(async () => (await handle.describe()).runId !== firstRun, 120_000, 'a continue-as-new');
  const after = await jjcStep(handle);
  await handle.terminate('benchmark done');
  const kept = !!after && after.openedAt === before.openedAt && after.escalations.length >= before.escalations.length && after.level >= before.level;
  return { kept, escalationsCarried: before.escalations.length };
}
