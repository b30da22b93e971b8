// The Safety Net meeting's own messages (the board's are in messages.ts).
import { defineUpdate } from '@temporalio/workflow';
import type { ActionAnswer, ActionRequest } from './safety-net-input';

/** The DA records an action item of the meeting: a step owed by a party of the youth's processes. */
export const recordAction = defineUpdate<ActionAnswer, [ActionRequest]>('recordAction');
