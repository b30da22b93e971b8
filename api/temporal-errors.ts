// The one place Temporal client errors become API errors. Workflow validators reject updates
// with messages starting with a stable code (workflows/step.ts); anything unmapped is rethrown.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApiError } from './errors';

const rejections: [prefix: string, status: number, code: string][] = [
  ['UNKNOWN_STEP', 404, 'STEP_NOT_FOUND'],
  ['WRONG_STATE', 409, 'WRONG_STATE'],
  ['NOT_PERMITTED', 403, 'FORBIDDEN'],
];

export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new ApiError(409, 'ENCOUNTER_EXISTS', 'This encounter was already reported', { processId: err.workflowId });
  }
  if (err instanceof WorkflowUpdateFailedError) {
    const reason = err.cause?.message ?? '';
    const match = rejections.find(([prefix]) => reason.startsWith(prefix));
    if (match) return new ApiError(match[1], match[2], reason);
  }
  if (err instanceof WorkflowNotFoundError) {
    // The server answers an update to a finished process with NOT_FOUND too.
    return /already completed/i.test(err.message)
      ? new ApiError(409, 'PROCESS_CLOSED', 'The process has finished; its steps can no longer change')
      : new ApiError(404, 'PROCESS_NOT_FOUND', 'No such process');
  }
  return undefined;
}

/** For `.catch(rethrowTemporal)` around a Temporal client call. */
export function rethrowTemporal(err: unknown): never {
  throw toApiError(err) ?? err;
}
