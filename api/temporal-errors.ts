// The one place Temporal client errors become API errors. Workflow validators refuse an Update
// with an ApplicationFailure whose type is one of `refusals` (workflows/messages.ts): the API
// maps that type, never the message text. Anything unmapped is rethrown (a logged 500).
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Refusal } from '../workflows/messages';
import { ApiError } from './errors';

const refusalCodes: Record<Refusal, [status: number, code: string]> = {
  NOT_FOUND: [404, 'PROCESS_NOT_FOUND'],
  NOT_PERMITTED: [403, 'FORBIDDEN'],
  UNKNOWN_STEP: [404, 'STEP_NOT_FOUND'],
  WRONG_STATE: [409, 'WRONG_STATE'],
  NOT_YET_OPEN: [409, 'STEP_NOT_OPEN'],
  INVALID_REQUEST: [400, 'INVALID_REQUEST'],
  PROCESS_ENDED: [409, 'PROCESS_CLOSED'],
  UNKNOWN_HEARING: [404, 'HEARING_NOT_FOUND'],
  STATUS_NOT_ALLOWED: [409, 'CLAIM_STATUS_NOT_ALLOWED'],
  NOT_A_PARTY: [409, 'NOT_A_PARTY'],
};

const isRefusal = (type: string | undefined | null): type is Refusal => typeof type === 'string' && Object.hasOwn(refusalCodes, type);

const processClosed = () => new ApiError(409, 'PROCESS_CLOSED', 'The process has finished; it takes no more changes');
/** One answer for a process that does not exist and one the caller has no need to know of. */
export const processNotFound = () => new ApiError(404, 'PROCESS_NOT_FOUND', 'No such process');

export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && isRefusal(err.cause.type)) {
    const [status, code] = refusalCodes[err.cause.type];
    // The workflow's message is written for the caller: it names the step and its state, never case details.
    if (code === 'PROCESS_NOT_FOUND') return processNotFound();
    return code === 'PROCESS_CLOSED' ? processClosed() : new ApiError(status, code, err.cause.message);
  }
  if (err instanceof WorkflowNotFoundError) {
    // The server answers an Update to a finished process with NOT_FOUND too.
    return /already completed/i.test(err.message) ? processClosed() : processNotFound();
  }
  return undefined;
}

/** For `.catch(rethrowTemporal)` around a Temporal client call. */
export function rethrowTemporal(err: unknown): never {
  throw toApiError(err) ?? err;
}

/** For `.catch(...)` around a process start: a second start of the same case names the existing process. */
export const rethrowStart =
  (code: 'ENCOUNTER_EXISTS' | 'DETENTION_EXISTS' | 'SUBPOENA_EXISTS', message: string) =>
  (err: unknown): never => {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new ApiError(409, code, message, { processId: err.workflowId });
    return rethrowTemporal(err);
  };
