// What agencies record about a youth's victim-of-crime claim (POST /v1/victim-compensation and
// its status route), and what the claim process answers. Plain data, shared by the workflow and
// the API; the link other processes use is victim-compensation-link.ts.
import type { Actor } from './types';
import type { ClaimDecision, ClaimOpener } from './victim-compensation-link';

/**
 * NOT_FILED → FILED → APPROVED | DENIED; a first denial may be APPEALED (within 45 days of its
 * notice) → APPROVED | DENIED, and that denial is final.
 */
export const claimStatuses = ['NOT_FILED', 'FILED', 'APPROVED', 'DENIED', 'APPEALED'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];
/** What a caller may record (NOT_FILED is only where a claim starts). */
export const recordableStatuses = ['FILED', 'APPROVED', 'DENIED', 'APPEALED'] as const;
export type RecordableStatus = (typeof recordableStatuses)[number];

/** The statuses the law allows next, by current status (an appealed denial is final: nothing follows it). */
export const nextStatuses: Record<ClaimStatus, readonly RecordableStatus[]> = {
  NOT_FILED: ['FILED'],
  FILED: ['APPROVED', 'DENIED'],
  DENIED: ['APPEALED'],
  APPEALED: ['APPROVED', 'DENIED'],
  APPROVED: [],
};

/** A status change: the status and when its notice was given (filing date, the board's notice). */
export interface StatusChange {
  status: RecordableStatus;
  at: string;
}

/** An agency opens the claim process or joins it (the advocate, the VW consultant). */
export interface OpenClaim {
  openedBy: Exclude<ClaimOpener, 'SUBPOENA'>;
}

export type From<T> = T & { actor: Actor };

/** The claim as recorded so far. */
export interface ClaimView {
  youthRef: string;
  status: ClaimStatus;
  /** Every recorded change, in order, with the agency that recorded it. */
  history: (StatusChange & { agencyId: string })[];
  /** A denial's appeal window: 45 days from its notice (only while it can still be appealed). */
  appealBy?: string;
  /** Set once nothing more is owed on the claim: followers have been (or are being) told. */
  decision?: ClaimDecision;
  /** Who opened the process first. */
  openedBy: ClaimOpener;
}

/** What opening answers: whether this request started the process, and the claim as it stands. */
export interface OpenClaimAnswer {
  started: boolean;
  claim: ClaimView;
}
