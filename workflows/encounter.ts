// What an LE agency reports (POST /v1/encounters) and what the LE-contact process returns.
// Plain data, shared by the workflow and the API without loading workflow code in the API.
import type { ProcessOptions } from './process-options';
import type { StepView } from './types';

export const LE_CONTACT = 'le-contact';

export const encounterTypes = ['AT_RISK_CONTACT', 'IDENTIFIED', 'ARREST', 'CUSTODY_INTERVIEW', 'JJC_TRANSPORT'] as const;
export type EncounterType = (typeof encounterTypes)[number];

export interface EncounterInput extends ProcessOptions {
  youthRef: string;
  encounterId: string;
  encounterType: EncounterType;
  occurredAt: string;
  participatedInInvestigation: boolean;
  /** CUSTODY_INTERVIEW: when the interview is scheduled to start and end (ISO instants). */
  interview?: { startsAt: string; endsAt: string };
  /** The LE agency that met the youth. */
  reportingAgencyId: string;
  county: string;
}

export interface LeContactResult {
  encounterId: string;
  steps: StepView[];
}
