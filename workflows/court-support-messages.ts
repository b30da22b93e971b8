// The court-support process's own messages (the board's are in messages.ts; the claim's signals in
// victim-compensation-link.ts).
import { defineUpdate } from '@temporalio/workflow';
import type { CourtSupportView, Disposition, From, Hearing, HearingMove, HearingRef, NewHearing, StatusChange } from './court-support-input';

/** The youth's custody or dependency status changed: the hearings' transport and social-worker steps follow. */
export const changeStatus = defineUpdate<CourtSupportView, [From<StatusChange>]>('changeStatus');
export const addHearing = defineUpdate<Hearing, [From<NewHearing>]>('addHearing');
/** A continuance: the hearing moves, and every open step of it with it. */
export const continueHearing = defineUpdate<Hearing, [From<HearingMove>]>('continueHearing');
export const vacateHearing = defineUpdate<Hearing, [From<HearingRef>]>('vacateHearing');
/** The prosecution's disposition: the process ends once the claim is decided too. */
export const closeSubpoena = defineUpdate<CourtSupportView, [From<Disposition>]>('closeSubpoena');
