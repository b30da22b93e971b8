// The claim process's own messages (the board's are in messages.ts; the followers' in
// victim-compensation-link.ts).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from './types';
import type { ClaimView, From, OpenClaim, OpenClaimAnswer, StatusChange } from './victim-compensation-input';

/** The advocate or the VW consultant opens the claim process (Update-with-Start) or joins it. */
export const openClaim = defineUpdate<OpenClaimAnswer, [From<OpenClaim>]>('openClaim');
/** A status change the law allows; any other is refused (STATUS_NOT_ALLOWED). */
export const recordClaimStatus = defineUpdate<ClaimView, [From<StatusChange>]>('recordClaimStatus');
/** The claim as this caller may see it, or null when the process does not exist for the caller. */
export const claimViewFor = defineQuery<ClaimView | null, [{ actor: Actor }]>('claimViewFor');
