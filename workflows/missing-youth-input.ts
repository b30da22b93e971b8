// What agencies report about a missing youth (POST /v1/missing-reports and .../located), and what
// the missing-youth episode answers. Plain data, shared by the workflow and the API.
import type { ProcessOptions } from './process-options';
import type { Actor } from './types';

export const MISSING_YOUTH = 'missing-youth';

export const missingSources = ['GPS_ALERT', 'DPO', 'LE', 'PLACEMENT', 'FAMILY'] as const;
export type MissingSource = (typeof missingSources)[number];

/** The youth's legal status decides who holds the case and whether a warrant may be requested. */
export type LegalStatus = { kind: 'PROBATION_WARD'; onGps: boolean } | { kind: 'DEPENDENT' } | { kind: 'NEITHER' };
export const legalStatusKinds = ['PROBATION_WARD', 'DEPENDENT', 'NEITHER'] as const;

/** One report that the youth is missing. */
export interface MissingReport {
  /** Issued by the API per request: the start's copy and the Update's are the same report. */
  reportId: string;
  source: MissingSource;
  lastSeenAt: string;
  legalStatus: LegalStatus;
  /** The reporter says the parent or guardian is a suspected exploiter: they are not told (WIC 16501.35). */
  parentSuspectedExploiter: boolean;
  /** The reporting agency (from its key). */
  agencyId: string;
}

export interface MissingYouthInput extends ProcessOptions {
  youthRef: string;
  county: string;
  /** The report that opened the episode; a racing report's start input is discarded by Temporal. */
  report: MissingReport;
}

export const whereNow = ['CUSTODY', 'PLACEMENT', 'HOME', 'HOSPITAL'] as const;

export interface Located {
  locatedAt: string;
  /** Where the youth is now: recorded only; nothing books the youth anywhere. */
  whereNow: (typeof whereNow)[number];
}

/** What a report answers: the episode it opened or joined. */
export interface ReportAnswer {
  attached: boolean;
  /** Reports the episode holds, this one included. */
  reports: number;
}

/** What the located report answers: the steps it withdrew and opened. */
export interface LocatedAnswer {
  withdrawnSteps: string[];
  openedSteps: string[];
}

export type From<T> = T & { actor: Actor };

export interface MissingYouthResult {
  falseAlarm: boolean;
  located?: Located;
  warrantRequestId?: string;
  reports: number;
}
