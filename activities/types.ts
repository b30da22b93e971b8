// Shapes that cross the workflow/activity boundary. Type-only for workflow code.
import type { LinkAction } from '../common/links';
import type { Party } from '../workflows/messages';

export type AgencyType = 'LE' | 'ADVOCACY' | 'PROBATION' | 'DA' | 'PD' | 'SSA' | 'HEALTH';
export type RepresentativeRole =
  'OFFICER' | 'ADVOCATE' | 'DPO' | 'DDA' | 'DEFENDER' | 'SOCIAL_WORKER' | 'CLINICIAN' | 'BACKUP' | 'SUPERVISOR' | 'MDT_COORDINATOR';

export interface StepTimers {
  acknowledgeWithinSeconds: number;
  /** null: acknowledging the step completes it. */
  completeWithinSeconds: number | null;
  escalateEverySeconds: number;
}

/** The designated agency of a type in a county, and the role there that owes the step. */
export interface AssigneeSpec {
  county: string;
  agencyType: AgencyType;
  role: RepresentativeRole;
}

export type NotificationReason = 'ASSIGNED' | 'ESCALATED' | 'REMINDER';

export interface NotifyRequest {
  /** Idempotency key: the same key never sends twice. */
  key: string;
  workflowId: string;
  obligation: string;
  youthRef: string;
  stepId: string;
  stepTitle: string;
  /** Non-identifying facts the recipient needs (e.g. "Took part in an investigation: yes"). */
  facts: string[];
  reason: NotificationReason;
  level: number;
  party: Party;
  dueAt: string;
  /** The emailed links: what the step still waits for. */
  actions: LinkAction[];
}

export interface TransitionRecord {
  key: string;
  at: string;
  workflowId: string;
  obligation: string;
  county: string;
  stepId: string;
  event: string;
  level: number;
  agencyId: string | null;
  actor: string;
  detail?: Record<string, string | number | boolean | null>;
}
