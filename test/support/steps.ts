// Helpers for the workflow-level tests: a process's steps, its emails at the SMTP sink, and
// the typed refusal of a rejected Update.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { processState } from '../../workflows/messages';
import type { Actor, AgencyType, ProcessView, StepView } from '../../workflows/types';
import type { Db } from '../../common/db';
import { startDetention } from '../../common/processes';
import type { detention } from '../../workflows/detention';
import type { DetentionInput } from '../../workflows/detention-input';
import type { EncounterInput, EncounterType } from '../../workflows/encounter';
import type { ReceivedMail } from './smtp-sink';
import { eventually, setTimers, startStack, uniqueRef, type TestStack, TEST_CASE_INDEX_KEY } from './stack';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const stateOf = (handle: WorkflowHandle) => handle.query(processState);

export async function stepOf(handle: WorkflowHandle, id: string): Promise<StepView | undefined> {
  return (await stateOf(handle)).steps.find((s) => s.id === id);
}

/** Waits (generously: others share the 2 cores) until the step satisfies `ok`, and returns it. */
export function waitForStep(handle: WorkflowHandle, id: string, ok: (s: StepView) => boolean, what = `step ${id}`, timeoutMs = 30_000): Promise<StepView> {
  return eventually(
    async () => {
      const s = await stepOf(handle, id);
      return s && ok(s) && s;
    },
    timeoutMs,
    what,
  );
}

export function waitForState(handle: WorkflowHandle, ok: (s: ProcessView) => boolean, what = 'process state', timeoutMs = 30_000): Promise<ProcessView> {
  return eventually(
    async () => {
      const s = await stateOf(handle);
      return ok(s) && s;
    },
    timeoutMs,
    what,
  );
}

/** Emails of one process (its id is in every body), optionally for one step (by title) and one address. */
export function mails(stack: TestStack, workflowId: string, filter: { title?: string; to?: string } = {}): ReceivedMail[] {
  return stack.smtp.received.filter(
    (m) =>
      m.text.includes(`Process: ${workflowId}\n`) &&
      (filter.title === undefined || m.text.includes(`Step: ${filter.title}\n`)) &&
      (filter.to === undefined || m.to.includes(filter.to)),
  );
}

export function waitForMail(stack: TestStack, workflowId: string, filter: { title?: string; to?: string }, timeoutMs = 30_000): Promise<ReceivedMail> {
  return eventually(() => mails(stack, workflowId, filter)[0], timeoutMs, `an email ${JSON.stringify(filter)} of ${workflowId}`);
}

/** Message-IDs received more than once: each notification must reach the sink once. */
export function duplicateMessageIds(mailList: ReceivedMail[]): string[] {
  const seen = new Map<string, number>();
  for (const m of mailList) seen.set(m.messageId ?? '(none)', (seen.get(m.messageId ?? '(none)') ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

/** The refusal type of a rejected Update (NOT_PERMITTED, UNKNOWN_STEP, …); fails if it was accepted. */
export async function refusal(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return (cause as ApplicationFailure).type ?? undefined;
}

/** Recorded transitions of a process (step id → events in order; a key ends with its per-step sequence number). */
export async function eventsOf(db: Db, workflowId: string): Promise<Record<string, string[]>> {
  const seq = (key: string) => Number(key.split(':').at(-2));
  const facts = (await db.stepFact.findMany({ where: { workflowId } })).sort((a, b) => seq(a.key) - seq(b.key));
  const byStep: Record<string, string[]> = {};
  for (const f of facts) (byStep[f.stepId] ??= []).push(f.event);
  return byStep;
}

/** Sets timer policies like an administrator, and removes them afterwards so other suites see the definitions' defaults. */
export function policies(db: Db) {
  const touched = new Map<string, { obligation: string; step: string }>();
  return {
    async set(obligation: string, step: string, timers: Parameters<typeof setTimers>[3]) {
      touched.set(`${obligation}/${step}`, { obligation, step });
      await setTimers(db, obligation, step, timers);
    },
    async removeAll() {
      for (const where of touched.values()) await db.timerPolicy.deleteMany({ where });
    },
  };
}

/**
 * The jest hooks of a workflow suite: one stack for the file, and the timer policies it sets
 * removed before each test and at the end. `use` receives them once started.
 */
export function useWorkflowStack(use: (stack: TestStack, policy: ReturnType<typeof policies>) => void): void {
  let stack: TestStack | undefined;
  let policy: ReturnType<typeof policies> | undefined;
  beforeAll(async () => {
    stack = await startStack();
    policy = policies(stack.db);
    use(stack, policy);
  });
  afterAll(async () => {
    await policy?.removeAll();
    await stack?.close();
  });
  beforeEach(() => policy?.removeAll());
}

/** Probation books a youth in the demo county (a detention process on the stack's task queue). */
export const bookDetention = (stack: TestStack, extra: Partial<DetentionInput> = {}): Promise<WorkflowHandle<typeof detention>> =>
  startDetention(
    stack.client,
    stack.taskQueue,
    {
      youthRef: uniqueRef(),
      bookingRef: `B-${randomUUID().slice(0, 8)}`,
      bookedAt: new Date().toISOString(),
      dependencyWard: false,
      probationAgencyId: 'demo-probation',
      county: 'Demo County',
      ...extra,
    },
    TEST_CASE_INDEX_KEY,
  );

/** The demo county's agencies acting through the API, as their API keys would make them (prisma/seed.ts). */
const acting = (agencyId: string, agencyType: AgencyType): Actor => ({ agencyId, via: 'api', agencyType, county: 'Demo County' });
export const demo = {
  sheriff: acting('demo-sheriff', 'LE'),
  advocate: acting('demo-advocacy', 'ADVOCACY'),
  probation: acting('demo-probation', 'PROBATION'),
  health: acting('demo-health', 'HEALTH'),
  /** The DA's office, where the county's MDT coordinator sits. */
  da: acting('demo-da', 'DA'),
  ssa: acting('demo-ssa', 'SSA'),
  administrator: { agencyId: 'demo-da', via: 'api', admin: true, county: 'Demo County' } satisfies Actor,
};

/** An encounter the demo sheriff reports in the demo county, for workflow-level tests (no API). */
export const demoEncounter = (encounterType: EncounterType = 'IDENTIFIED', extra: Partial<EncounterInput> = {}): EncounterInput => ({
  youthRef: uniqueRef(),
  encounterId: `E-${randomUUID().slice(0, 8)}`,
  encounterType,
  occurredAt: new Date().toISOString(),
  participatedInInvestigation: false,
  reportingAgencyId: 'demo-sheriff',
  county: 'Demo County',
  ...extra,
});
