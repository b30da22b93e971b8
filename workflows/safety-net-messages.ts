// The Safety Net meeting's own messages (the board's are in messages.ts).
import { defineUpdate } from '@temporalio/workflow';
import type { ActionAnswer, ActionRequest, WithdrawRequest } from './safety-net-input';
import type { StepView } from './types';

/** The DA records an action item of the meeting: a step owed by a party of the youth's processes. */
export const recordAction = defineUpdate<ActionAnswer, [ActionRequest]>('recordAction');
/** The DA withdraws an action item that is no longer needed, with a reason. */
export const withdrawAction = defineUpdate<StepView, [WithdrawRequest]>('withdrawAction');
