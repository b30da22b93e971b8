// What Probation reports about a detained youth (POST /v1/detentions and the events after it),
// and what the detention process answers. Plain data, shared by the workflow and the API.
import type { ProcessOptions } from './process-options';
import type { AgencyContact, StepView } from './types';

export const DETENTION = 'detention';

export interface DetentionInput extends ProcessOptions {
  youthRef: string;
  /** Probation's booking reference (a case number, never a name). */
  bookingRef: string;
  bookedAt: string;
  /** A ward of the dependency (child-welfare) system: SSA takes part in a hand-off. */
  dependencyWard: boolean;
  /** The Probation agency that booked the youth. */
  probationAgencyId: string;
  county: string;
}

/** Every event carries the caller's own id: a retried call is answered the same way and changes nothing. */
export interface DetentionEvent {
  eventId: string;
}

export const communicationChannels = ['MAIL', 'PHONE'] as const;
/** With whom the screened mail or call was; attorneys and courts are privileged (Title 15 §1375). */
export const correspondents = ['UNKNOWN', 'FAMILY', 'PEER', 'SUSPECTED_EXPLOITER', 'OTHER', 'ATTORNEY', 'COURT'] as const;
export const privilegedCorrespondents: readonly (typeof correspondents)[number][] = ['ATTORNEY', 'COURT'];

export interface CommunicationFlag extends DetentionEvent {
  channel: (typeof communicationChannels)[number];
  correspondent: (typeof correspondents)[number];
  observedAt: string;
  /** Where detention staff keep the evidence (their system's reference). */
  evidenceRef: string;
  /** Why staff screened it (the reasonable cause). */
  reasonableCause: string;
  /** Short and non-identifying: no names, no content of the communication. */
  note?: string;
}

export const releaseDestinations = ['HOME_IN_COUNTY', 'PLACEMENT_IN_COUNTY', 'OUT_OF_COUNTY_AGENCY'] as const;
export type ReleaseDestination = (typeof releaseDestinations)[number];

export interface ReleasePlan extends DetentionEvent {
  expectedAt: string;
  destination: ReleaseDestination;
  /** OUT_OF_COUNTY_AGENCY: the receiving agency, recorded for follow-up (MOU Probation §9). */
  receivingAgency?: AgencyContact;
}

export interface Release extends DetentionEvent {
  releasedAt: string;
  destination: ReleaseDestination;
  receivingAgency?: AgencyContact;
}

/** What an event opened; a retry gets the same answer. */
export interface EventAnswer {
  eventId: string;
  openedSteps: string[];
  withdrawnSteps: string[];
}

export interface DetentionResult {
  bookingRef: string;
  releasedAt?: string;
  steps: StepView[];
}
