// The messages every obligation answers, defined once (see step.ts for the handlers).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { RepresentativeRole } from '../activities/types';

/** Who is acting: an agency (from its API key or a signed link) and through which channel. */
export interface Actor {
  agencyId: string;
  via: 'api' | 'link';
  /** Administrators adjust timers, only in their own county; they act on no step themselves. */
  admin?: boolean;
  county?: string;
}

export interface StepActionRequest {
  stepId: string;
  actor: Actor;
}

export interface DeadlineChangeRequest extends StepActionRequest {
  /** ISO 8601 instant; a time already past escalates the step at once. */
  dueAt: string;
}

export type StepStatus = 'AWAITING_ACKNOWLEDGMENT' | 'AWAITING_COMPLETION' | 'COMPLETED';

export interface Party {
  agencyId: string;
  agencyName: string;
  role: RepresentativeRole;
}

export interface StepView {
  id: string;
  title: string;
  status: StepStatus;
  /** The assignee (level 0) and, above it, the escalation chain. */
  chain: Party[];
  level: number;
  /** The party the step waits on now. */
  owing: Party;
  overdue: boolean;
  dueAt: string | null;
  openedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  completedAt?: string;
  completedBy?: string;
  escalations: { level: number; at: string }[];
}

export interface ProcessView {
  obligation: string;
  youthRef: string;
  county: string;
  /** The agency whose report opened the process; absent for a process no agency opens. */
  initiatingAgencyId?: string;
  steps: StepView[];
}

export const acknowledgeStep = defineUpdate<StepView, [StepActionRequest]>('acknowledgeStep');
export const completeStep = defineUpdate<StepView, [StepActionRequest]>('completeStep');
export const changeStepDeadline = defineUpdate<StepView, [DeadlineChangeRequest]>('changeStepDeadline');
export const processState = defineQuery<ProcessView>('processState');
