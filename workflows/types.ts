// The one home of the shapes that workflows, activities and the API share. Plain types only:
// anything may import this file, and it imports nothing.

export type AgencyType = 'LE' | 'ADVOCACY' | 'PROBATION' | 'DA' | 'PD' | 'SSA' | 'HEALTH';
export type RepresentativeRole =
  | 'OFFICER'
  | 'ADVOCATE'
  | 'DPO'
  | 'DETENTION_STAFF'
  | 'DDA'
  | 'HEAT_DDA'
  | 'VW_CONSULTANT'
  | 'DEFENDER'
  | 'SOCIAL_WORKER'
  | 'HOTLINE'
  | 'CLINICIAN'
  | 'MENTAL_HEALTH_CLINICIAN'
  | 'BACKUP'
  | 'SUPERVISOR'
  | 'DIRECTOR'
  | 'MDT_COORDINATOR';

/**
 * How a deadline counts time: around the clock (advocates, on-call staff), around the clock but
 * not on the county's holidays (e.g. Title 15 §1432's 96 hours), or business hours on business
 * days (Probation's office work, court liaison, the DA).
 */
export type Clock = 'calendar' | 'calendar-except-holidays' | 'business';

export interface StepTimers {
  acknowledgeWithinSeconds: number;
  /** null: acknowledging the step completes it. */
  completeWithinSeconds: number | null;
  escalateEverySeconds: number;
  clock: Clock;
}

export interface DeadlineRequest {
  county: string;
  /** ISO 8601 instant the time counts from. */
  from: string;
  seconds: number;
  clock: Clock;
}

/** The county's designated agency of a type, and the role there that owes the step. */
export interface DesignatedAssignee {
  agencyType: AgencyType;
  role: RepresentativeRole;
}

/** Where the receiving side can be reached; agency details, never the youth's. */
export interface AgencyContact {
  name: string;
  county: string;
  phone: string;
  email: string;
}

/**
 * A named agency (e.g. the receiving county's, recorded at release). When it has nobody on the
 * roster here, the step is owed by `otherwise`, the in-county role that must make the contact,
 * and tells it whom to contact.
 */
export interface NamedAssignee {
  agencyId?: string;
  /** One person at that agency (directory id, e.g. the youth's own attorney): only they are emailed. */
  representativeId?: string;
  role: RepresentativeRole;
  contact?: AgencyContact;
  otherwise: DesignatedAssignee;
}

export type Assignee = DesignatedAssignee | NamedAssignee;

/** A directory look-up: the assignee in a county; a confidential step's chain stays inside its agency. */
export type ChainRequest = Assignee & { county: string; confidential?: boolean };

export interface Party {
  agencyId: string;
  agencyName: string;
  role: RepresentativeRole;
  /** Only this representative of the role is emailed (a named attorney). */
  representativeId?: string;
}

/** The assignee (level 0), then each escalation level; `contact` when owed on another's behalf. */
export interface Chain {
  parties: Party[];
  contact?: AgencyContact;
}

/** Who is acting: an agency (from its API key or a signed link) and through which channel. */
export interface Actor {
  agencyId: string;
  via: 'api' | 'link';
  /** From the API key: lets a step that is not open yet tell a possible owner from a stranger. */
  agencyType?: AgencyType;
  county?: string;
  /** Administrators adjust timers, only in their own county; they act on no step. */
  admin?: boolean;
  /** The county's MDT coordinator's agency: it sees every process of the county (confidential steps redacted). */
  coordinator?: boolean;
  /** The staff member an emailed link was sent to (directory id); acting through it records them. */
  representativeId?: string;
}

/** What the youth's written consent lets the advocacy agency share (MOU, Advocacy §8). */
export type ConsentCategory = 'identity' | 'service-status' | 'service-details';

export type StepStatus =
  'SCHEDULED' | 'OPENING' | 'BLOCKED' | 'AWAITING_ACKNOWLEDGMENT' | 'AWAITING_COMPLETION' | 'COMPLETED' | 'WITHDRAWN' | 'CLOSED_BY_COORDINATOR';

export interface StepView {
  id: string;
  kind: string;
  title: string;
  status: StepStatus;
  /** The assignee (level 0) and, above it, the escalation chain; empty until the step opens. */
  chain: Party[];
  level: number;
  /** The party the step waits on now; null until it opens and once it is closed. */
  owing: Party | null;
  overdue: boolean;
  blocked: boolean;
  /** When a scheduled step opens. */
  opensAt: string | null;
  dueAt: string | null;
  openedAt: string | null;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  /** The staff member who acted through an emailed link (directory id). */
  acknowledgedByRepresentative?: string;
  completedAt?: string;
  completedBy?: string;
  completedByRepresentative?: string;
  outcome?: string;
  /** What the owner recorded on completion (see StepDefinition.completionRecords). */
  record?: string;
  /** Why a step was withdrawn or closed by a coordinator. */
  closedReason?: string;
  contact?: AgencyContact;
  escalations: { level: number; at: string }[];
  /** A step confidential to another agency: only whose it is, and whether it is on time. */
  confidentialTo?: { agencyType: AgencyType; agencyId: string | null };
}

export interface ProcessView {
  obligation: string;
  youthRef: string;
  county: string;
  /** The agency whose report opened the process. */
  initiatingAgencyId?: string;
  /** False once the process has nothing left to do (it then ends). */
  open: boolean;
  steps: StepView[];
}

/** RESCHEDULED: the date a step serves (a hearing) moved; the step's deadline moved with it. */
export type NotificationReason = 'ASSIGNED' | 'ESCALATED' | 'REMINDER' | 'BLOCKED' | 'RESCHEDULED';

export type LinkAction = 'acknowledge' | 'complete';

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
  /** The step's kind (stepId is one instance of it); absent from transitions scheduled before it was added. */
  stepKind?: string;
  /** Absent likewise: then read from the process id. */
  youthRef?: string;
  event: string;
  level: number;
  agencyId: string | null;
  actor: string;
  /** The staff member who acted through an emailed link (directory id). */
  representativeId?: string;
  detail?: Record<string, string | number | boolean | null>;
}

/** A kind of step, written once in an obligation's `*-steps.ts`: its defaults live here. */
export interface StepDefinition {
  /** Step kind: the policy key with the obligation, and the id of its first instance. */
  kind: string;
  /** Plain words, shown to coordinators and in emails. */
  title: string;
  assignee: Assignee;
  /** The MOU's or protocol's timers; a TimerPolicy row overrides them. */
  defaults: StepTimers;
  /** Where the defaults come from (law, protocol, MOU paragraph). */
  source: string;
  /** Non-identifying facts the assignee needs to act. */
  facts?: string[];
  /** Outcomes the owner may record on completion, e.g. DECLINED_BY_YOUTH. */
  outcomes?: readonly string[];
  /** What completing the step must record (an agency's name, never the youth's details), e.g. which organisation took the youth on. */
  completionRecords?: string;
  /** Re-opens on this cadence until withdrawn (e.g. weekly advocate contact). */
  recurEverySeconds?: number;
}
