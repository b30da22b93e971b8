// The detention process's own messages (the board's are in messages.ts).
import { defineUpdate } from '@temporalio/workflow';
import type { CommunicationFlag, DetentionEvent, EventAnswer, Release, ReleasePlan } from './detention-input';
import type { Actor } from './types';

type From<T> = T & { actor: Actor };

/** Detention staff flag mail or a call that may reach the exploiter (Probation §5). */
export const flagCommunication = defineUpdate<EventAnswer, [From<CommunicationFlag>]>('flagCommunication');
/** The DA asks for file information for the Safety Net meeting (Probation §3). */
export const requestInformation = defineUpdate<EventAnswer, [From<DetentionEvent>]>('requestInformation');
export const planRelease = defineUpdate<EventAnswer, [From<ReleasePlan>]>('planRelease');
export const recordRelease = defineUpdate<EventAnswer, [From<Release>]>('recordRelease');
