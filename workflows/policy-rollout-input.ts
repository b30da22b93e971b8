// A policy rollout's input, progress and id: what the API and the rollout workflow share. Plain data.
import { defineQuery } from '@temporalio/workflow';
import type { RetimeRequest, TimerChange } from './messages';

export interface RolloutInput {
  rolloutId: string;
  county: string;
  obligation: string;
  kind: string;
  timers: TimerChange;
  overdue: RetimeRequest['overdue'];
  graceSeconds: number;
  /** Counts what would change; changes nothing. */
  dryRun: boolean;
  /** Processes re-timed at the same time. */
  concurrency?: number;
  /** Processes per visibility page; the rollout continues as new after each page. */
  pageSize?: number;
}

export interface RolloutFailure {
  processId: string;
  why: string;
}

export interface RolloutProgress {
  rolloutId: string;
  county: string;
  obligation: string;
  kind: string;
  dryRun: boolean;
  status: 'RUNNING' | 'DONE';
  startedAt: string;
  finishedAt?: string;
  /** Open processes of the obligation in the county the rollout found. */
  matched: number;
  /** Processes whose steps of the kind it re-timed (a dry run: would re-time). */
  updated: number;
  /** Processes this rollout had already re-timed (e.g. an attempt cut short by a worker restart). */
  skipped: number;
  /** Processes with no waiting step of the kind (or that finished meanwhile). */
  unaffected: number;
  failed: RolloutFailure[];
  /** Steps: re-armed with a deadline still ahead, escalated at once (strict), given the grace period. */
  steps: { rearmed: number; escalateNow: number; graced: number };
}

export const rolloutProgress = defineQuery<RolloutProgress>('rolloutProgress');

export const POLICY_ROLLOUT = 'policyRollout';
/** One running rollout per county and step kind: a second start with this id fails. */
export const rolloutWorkflowId = (i: Pick<RolloutInput, 'county' | 'obligation' | 'kind'>) => `policy-rollout/${i.county}/${i.obligation}/${i.kind}`;
export const dryRunWorkflowId = (i: Pick<RolloutInput, 'rolloutId'>) => `policy-rollout-dry-run/${i.rolloutId}`;
