// How a process reaches the youth's one victim-of-crime claim process (MOU, DA §4; Advocacy §3):
// it exists once per youth, whoever opens it first (a subpoena, the advocate or the VW
// consultant). A process that cannot end before the claim is decided follows it. Plain data
// and message definitions, shared by the claim workflow, its followers and the API.
import { defineSignal } from '@temporalio/workflow';
import type { ProcessOptions } from './process-options';

export const VICTIM_COMPENSATION = 'victim-compensation';
/** One claim process per youth: the id names only the obligation and the registry's reference. */
export const victimCompensationId = (youthRef: string) => `${VICTIM_COMPENSATION}/${youthRef}`;

/** Who opened the claim process first (a later opener joins it). */
export const claimOpeners = ['SUBPOENA', 'ADVOCATE', 'VW_CONSULTANT'] as const;
export type ClaimOpener = (typeof claimOpeners)[number];

export interface VictimCompensationInput extends ProcessOptions {
  youthRef: string;
  county: string;
  openedBy: ClaimOpener;
  /** The agency whose request opened it: a party from the first moment. */
  openedByAgencyId: string;
}

/** The claim's final state: nothing more is owed on it. */
export interface ClaimDecision {
  decision: 'APPROVED' | 'DENIED';
  decidedAt: string;
}

/** To the claim process: tell this process once the claim is decided (at once, if it already is). */
export const followClaim = defineSignal<[{ processId: string }]>('followClaim');
/** From the claim process to each follower. */
export const claimDecided = defineSignal<[ClaimDecision]>('claimDecided');
