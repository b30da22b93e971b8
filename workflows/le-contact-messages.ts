// The LE-contact process's own message (the board's are in messages.ts).
import { defineUpdate } from '@temporalio/workflow';
import type { Actor, ProcessView } from './types';

/** LE says the custody interview ended: the advocate's follow-up opens now. Repeating it changes nothing. */
export const recordInterviewEnded = defineUpdate<ProcessView, [{ actor: Actor }]>('recordInterviewEnded');
