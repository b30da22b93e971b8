// A step's state as plain data (carried across continue-as-new), and what can be read from it.
import type { Actor, AgencyContact, Party, StepDefinition, StepStatus, StepTimers, StepView } from './types';

export interface StepState {
  id: string;
  definition: StepDefinition;
  facts: string[];
  status: StepStatus;
  /** Known once the step opens: the policy's timers and the directory's chain. */
  timers?: StepTimers;
  chain: Party[];
  level: number;
  overdue: boolean;
  /** The directory cannot answer for it yet; the MDT coordinator has been told. */
  blocked: boolean;
  opensAt?: number;
  /** The instant the step opened, from which its deadlines count (set since patch deadline-from-open). */
  openedFrom?: number;
  absoluteDueAt?: number;
  /** The deadline itself (e.g. 48 h before a hearing), whatever the kind's relative timers. */
  fixedDueAt?: number;
  openedAt?: number;
  dueAt?: number;
  /** Reminders sent past the top of the chain; each doubles the next interval. */
  reminders: number;
  /** Counts transitions; makes activity idempotency keys deterministic. */
  seq: number;
  /** Bumped on every change a waiting step must react to. */
  version: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  acknowledgedByRepresentative?: string;
  completedAt?: number;
  completedBy?: string;
  completedByRepresentative?: string;
  outcome?: string;
  record?: string;
  closedReason?: string;
  escalations: { level: number; at: string }[];
  /** The last policy rollout that re-timed this step (workflows/policy-rollout.ts): it never re-times it twice. */
  retimedBy?: string;
}

const CLOSED: StepStatus[] = ['COMPLETED', 'WITHDRAWN', 'CLOSED_BY_COORDINATOR'];
export const isClosed = (s: StepState) => CLOSED.includes(s.status);
export const isWaiting = (s: StepState) => s.status === 'AWAITING_ACKNOWLEDGMENT' || s.status === 'AWAITING_COMPLETION';

/** The receiving agency to contact, when the step is owed on its behalf by an in-county role. */
export function contactOf(s: StepState): AgencyContact | undefined {
  const a = s.definition.assignee;
  if (!('otherwise' in a) || !a.contact) return undefined;
  return s.chain.length && s.chain[0].agencyId === a.agencyId ? undefined : a.contact;
}

/**
 * Any level of the owing agency acts as its owner (a supervisor takes over for an advocate); a
 * coordinator of another agency, once the chain has reached it, may take the step on or close
 * it. Before the step opens, its assignee's agency (by id, or by type in the county) is taken as
 * the owner. Administrators act on no step.
 */
export function mayAct(s: StepState, actor: Actor, county: string): 'owner' | 'coordinator' | false {
  if (actor.admin) return false;
  if (s.chain.length === 0) {
    const a = s.definition.assignee;
    const designated = 'otherwise' in a ? a.otherwise : a;
    const named = 'otherwise' in a && a.agencyId === actor.agencyId;
    return named || (actor.agencyType === designated.agencyType && actor.county === county) ? 'owner' : false;
  }
  const owner = s.chain[0].agencyId;
  if (actor.agencyId === owner) return 'owner';
  return s.chain.slice(1, s.level + 1).some((p) => p.agencyId === actor.agencyId) ? 'coordinator' : false;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function toView(s: StepState): StepView {
  return {
    id: s.id,
    kind: s.definition.kind,
    title: s.definition.title,
    status: s.status,
    chain: s.chain,
    level: s.level,
    owing: isWaiting(s) ? s.chain[s.level] : null,
    overdue: s.overdue,
    blocked: s.blocked,
    opensAt: s.status === 'SCHEDULED' ? iso(s.opensAt) : null,
    dueAt: isWaiting(s) ? iso(s.dueAt) : null,
    openedAt: iso(s.openedAt),
    acknowledgedAt: iso(s.acknowledgedAt) ?? undefined,
    acknowledgedBy: s.acknowledgedBy,
    acknowledgedByRepresentative: s.acknowledgedByRepresentative,
    completedAt: iso(s.completedAt) ?? undefined,
    completedBy: s.completedBy,
    completedByRepresentative: s.completedByRepresentative,
    outcome: s.outcome,
    record: s.record,
    closedReason: s.closedReason,
    contact: contactOf(s),
    escalations: s.escalations,
  };
}
