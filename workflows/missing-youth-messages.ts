// The missing-youth episode's own messages (the board's are in messages.ts).
import { defineUpdate } from '@temporalio/workflow';
import type { From, Located, LocatedAnswer, MissingReport, ReportAnswer } from './missing-youth-input';

/** A report that the youth is missing: the first opens the episode (Update-with-Start), later ones attach. */
export const reportMissing = defineUpdate<ReportAnswer, [From<MissingReport>]>('reportMissing');
/** Any party of the episode reports the youth located: the locating steps end, recovery care opens. */
export const recordLocated = defineUpdate<LocatedAnswer, [From<Located>]>('recordLocated');
