// How a policy rollout re-times a waiting step (StepBoard.retime): plain functions of the step's
// state and the request, shared by the Update and its dry-run query.
import type { RetimeRequest, RetimeResult } from './messages';
import type { StepState } from './step-state';
import type { StepTimers } from './types';

/** Marks the first re-timing by a policy rollout in a process's history. */
export const RETIME_PATCH = 'timer-policy-rollout';

export const tally = (outcome: RetimeResult['outcome']): RetimeResult => ({ outcome, rearmed: 0, escalateNow: 0, graced: 0 });

/** The step's timers with the change applied; a step that acknowledging completes keeps having no completion. */
export function retimed(step: StepState, { timers }: RetimeRequest): StepTimers {
  const t = step.timers!;
  return {
    ...t,
    acknowledgeWithinSeconds: timers.acknowledgeWithinSeconds ?? t.acknowledgeWithinSeconds,
    completeWithinSeconds: t.completeWithinSeconds === null ? null : (timers.completeWithinSeconds ?? t.completeWithinSeconds),
    escalateEverySeconds: timers.escalateEverySeconds ?? t.escalateEverySeconds,
  };
}

export interface RetimeBasis {
  from: number;
  seconds: number;
  /** An absolute deadline (before a hearing) still wins. */
  capped: boolean;
}

/**
 * Where a waiting step's new deadline counts from: its opening (the deadline it waits for now),
 * or, once it has escalated, its last escalation. Undefined: the change leaves its deadline alone.
 */
export function retimeBasis(step: StepState, req: RetimeRequest): RetimeBasis | undefined {
  const timers = retimed(step, req);
  if (step.overdue) {
    const last = step.escalations.at(-1);
    return req.timers.escalateEverySeconds === undefined || !last
      ? undefined
      : { from: Date.parse(last.at), seconds: timers.escalateEverySeconds, capped: false };
  }
  const acknowledging = step.status === 'AWAITING_ACKNOWLEDGMENT';
  const changed = acknowledging ? req.timers.acknowledgeWithinSeconds : req.timers.completeWithinSeconds;
  const seconds = acknowledging ? timers.acknowledgeWithinSeconds : timers.completeWithinSeconds;
  return changed === undefined || seconds === null ? undefined : { from: step.openedAt!, seconds, capped: true };
}

export function effectOf(dueAt: number, now: number, req: RetimeRequest): 'rearmed' | 'escalateNow' | 'graced' {
  if (dueAt > now) return 'rearmed';
  return req.overdue === 'strict' ? 'escalateNow' : 'graced';
}
