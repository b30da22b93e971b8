// The Safety Net meeting's shapes (MOU DA §1–2, Probation §3–4, PD, SSA §1), shared by the
// workflow, its activities and the API. Plain types only: the API never loads workflow code.
import type { Actor, AgencyType } from './types';

export const SAFETY_NET = 'safety-net';
export const MOU_REVIEW = 'mou-review';

/** The agencies that attend the meeting, each with its own agenda. */
export const ATTENDING_TYPES = ['DA', 'PROBATION', 'PD', 'SSA', 'ADVOCACY'] as const satisfies readonly AgencyType[];

export interface MeetingInput {
  county: string;
  /** The county's DA: it convenes the meeting and records its action items (a party from the start). */
  daAgencyId: string;
  /** How long the DA may record action items after the agendas went out; a week by default. */
  actionWindowSeconds?: number;
  blockedRecheckSeconds?: number;
  continueAsNewAfterEvents?: number;
}

/** What one attending agency may see of one process (need to know, consent). */
export interface AgendaProcess {
  processId: string;
  obligation: string;
  /** Steps as the agency may read them: a confidential one only says whose it is and whether it is on time. */
  steps: { title: string; status: string; overdue: boolean; dueAt: string | null; owing: string | null }[];
  /** Transitions of its readable steps since the last meeting. */
  changesSinceLastMeeting: number;
}

/** One youth on an agency's agenda, by reference only, with why the youth is there. */
export interface AgendaYouth {
  youthRef: string;
  processes: AgendaProcess[];
  flags: AgendaFlag[];
}

export type AgendaFlag = 'OVERDUE_STEPS' | 'CHANGED_SINCE_LAST_MEETING' | 'UPCOMING_DEADLINE' | 'MISSING_EPISODE' | 'RELEASE_FOLLOW_UP';

/** What the agenda activity gives the meeting: who attends, and who is a party of each youth's processes. */
export interface PreparedMeeting {
  attendees: { agencyId: string; youth: number }[];
  /** youthRef → the agencies party to the youth's open processes, with their types. */
  parties: Record<string, { agencyId: string; agencyType: AgencyType }[]>;
}

export type ActionKind = 'ACTION' | 'PROBATION_FILE_INFORMATION';

/** An action item the DA records at the meeting: it becomes a step owed by the owning agency. */
export interface ActionItem {
  kind: ActionKind;
  youthRef: string;
  owningAgencyId: string;
  /** What is to be done: kept in the (encrypted) meeting state, never in an email. */
  task: string;
  /** ISO 8601 instant. */
  dueAt: string;
}

export interface ActionAnswer {
  stepId: string;
  youthRef: string;
  owningAgencyId: string;
}

export interface MeetingResult {
  actions: (ActionItem & { stepId: string })[];
}

export type ActionRequest = ActionItem & { actor: Actor };

export interface WithdrawRequest {
  stepId: string;
  reason: string;
  actor: Actor;
}

export interface MouReviewInput {
  county: string;
}
