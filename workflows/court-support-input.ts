// What the DA reports about a subpoenaed youth (POST /v1/subpoenas and the changes after it), and
// what the court-support process answers. Plain data, shared by the workflow and the API.
import type { ProcessOptions } from './process-options';
import type { Actor, AgencyContact } from './types';
import type { ClaimDecision } from './victim-compensation-link';

export const COURT_SUPPORT = 'court-support';

/**
 * The youth's own counsel of record, named on the subpoena: an agency in the directory (and,
 * optionally, the attorney there), or a contact the VW consultant reaches. Never "the public
 * defender": the same office may represent the accused trafficker.
 */
export interface CounselOfRecord {
  agencyId?: string;
  /** The attorney's directory id at that agency: only they are emailed. */
  representativeId?: string;
  contact?: AgencyContact;
}

export interface CourtSupportInput extends ProcessOptions {
  youthRef: string;
  county: string;
  /** The DA's office that served the subpoena. */
  daAgencyId: string;
  /** The DA's case reference: only here (an encrypted payload); the process id carries a keyed hash of it. */
  caseRef: string;
  servedAt: string;
  inCustody: boolean;
  /** A ward of the dependency (child-welfare) system: the social worker is told of each date. */
  dependencyWard: boolean;
  counsel: CounselOfRecord;
}

export const hearingKinds = ['PRELIMINARY_HEARING', 'TRIAL', 'MOTION', 'SENTENCING', 'GRAND_JURY', 'YOUTH_JUVENILE_HEARING'] as const;
export type HearingKind = (typeof hearingKinds)[number];
/** The youth's own juvenile case (MOU Advocacy §3): the advocate accompanies; no witness transport, safety plan or DA step. */
export const OWN_HEARING: HearingKind = 'YOUTH_JUVENILE_HEARING';

export interface Hearing {
  id: string;
  kind: HearingKind;
  /** ISO 8601 instant: the current date, after every continuance. */
  at: string;
  status: 'SET' | 'VACATED';
  continuances: number;
  /** The hearing's steps by part (transport, accompaniment, …): the current step id of each. */
  steps: Record<string, string>;
}

/** What the claim process told this one: DECIDED_EARLIER when it had already ended (it ends only once decided). */
export type ClaimState = { state: 'FOLLOWING' } | ({ state: 'DECIDED' } & ClaimDecision) | { state: 'DECIDED_EARLIER' };

export interface CourtSupportView {
  inCustody: boolean;
  dependencyWard: boolean;
  hearings: Hearing[];
  closed: boolean;
  disposition?: string;
  claim: ClaimState;
}

export type From<T> = T & { actor: Actor };

export interface StatusChange {
  inCustody?: boolean;
  dependencyWard?: boolean;
}

export interface NewHearing {
  kind: HearingKind;
  at: string;
}

export interface HearingMove {
  hearingId: string;
  at: string;
}

export interface HearingRef {
  hearingId: string;
}

export const dispositions = ['CONVICTED', 'PLEA', 'ACQUITTED', 'DISMISSED', 'YOUTH_NOT_CALLED'] as const;
export interface Disposition {
  disposition: (typeof dispositions)[number];
}
