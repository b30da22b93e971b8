// The messages every obligation's steps answer, defined once, and the typed refusals their
// validators raise (the API maps the type, never the message text).
import { ApplicationFailure, defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, ConsentCategory, ProcessView, StepView } from './types';

export interface StepActionRequest {
  stepId: string;
  actor: Actor;
  /** Completion only: one of the step's outcomes (e.g. DECLINED_BY_YOUTH). */
  outcome?: string;
  /** Completion only: what the step records (e.g. the home-county advocacy organisation). */
  record?: string;
}

export interface StepCloseRequest extends StepActionRequest {
  reason: string;
}

export interface DeadlineChangeRequest extends StepActionRequest {
  /** ISO 8601 instant; a time already past escalates the step at once. */
  dueAt: string;
  /** Why the administrator moves it; recorded with the old and new deadline. */
  reason?: string;
}

export const acknowledgeStep = defineUpdate<StepView, [StepActionRequest]>('acknowledgeStep');
export const completeStep = defineUpdate<StepView, [StepActionRequest]>('completeStep');
/** A coordinator reached by the chain closes another agency's step, with a reason. */
export const closeStep = defineUpdate<StepView, [StepCloseRequest]>('closeStep');
export const changeStepDeadline = defineUpdate<StepView, [DeadlineChangeRequest]>('changeStepDeadline');
/** New timers for a step kind (absent: unchanged), sent by a policy rollout (workflows/policy-rollout.ts). */
export interface TimerChange {
  acknowledgeWithinSeconds?: number;
  completeWithinSeconds?: number;
  escalateEverySeconds?: number;
}

export interface RetimeRequest {
  kind: string;
  timers: TimerChange;
  /** A step whose new deadline has already passed: escalate at once, or become due now + graceSeconds. */
  overdue: 'strict' | 'grace';
  graceSeconds: number;
  /** The rollout sending it: a process re-timed by this rollout once is never re-timed by it again. */
  rolloutId: string;
  /** The dry run's instant (ms): a query's own clock is the workflow's last activation, not now. */
  asOf?: number;
}

export interface RetimeResult {
  /** updated: steps re-armed; already: this rollout re-timed the process before; unaffected: no open step of the kind. */
  outcome: 'updated' | 'already' | 'unaffected';
  /** Steps re-armed with a deadline still ahead. */
  rearmed: number;
  /** Steps past their new deadline that escalate at once (strict). */
  escalateNow: number;
  /** Steps past their new deadline that become due after the grace period. */
  graced: number;
}

/** Re-times every waiting step of a kind (an acknowledged step keeps its acknowledgment; only its completion deadline moves). */
export const retimeStepKind = defineUpdate<RetimeResult, [RetimeRequest]>('retimeStepKind');
/** What retimeStepKind would do, changing nothing (a rollout's dry run). */
export const previewRetime = defineQuery<RetimeResult, [RetimeRequest]>('previewRetime');
/** The whole state, for workers, tests and the county's operators; the API reads `processViewFor`. */
export const processState = defineQuery<ProcessView>('processState');
export interface ViewRequest {
  actor: Actor;
  /** What the youth's written consent lets the advocacy agency share with the caller's agency type. */
  consent: ConsentCategory[];
}
/** The process as this caller may see it (need to know), or null when it does not exist for the caller. */
export const processViewFor = defineQuery<ProcessView | null, [ViewRequest]>('processViewFor');

export const refusals = {
  /** The caller has no need to know of this process: to it, the process does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** The caller may not act on this step (or on any step of this process). */
  NOT_PERMITTED: 'NOT_PERMITTED',
  UNKNOWN_STEP: 'UNKNOWN_STEP',
  /** The step is not waiting for this action. */
  WRONG_STATE: 'WRONG_STATE',
  /** The step is scheduled for later, or blocked on the directory. */
  NOT_YET_OPEN: 'NOT_YET_OPEN',
  /** The request names something the step or process does not accept. */
  INVALID_REQUEST: 'INVALID_REQUEST',
  /** The process has finished what it owes; it takes no more events. */
  PROCESS_ENDED: 'PROCESS_ENDED',
} as const;
export type Refusal = keyof typeof refusals;

/** A validator's refusal: an ApplicationFailure whose type the API maps to a status. */
export const refuse = (type: Refusal, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });
