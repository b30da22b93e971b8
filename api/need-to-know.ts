// The API's side of need to know: reading a process as the caller may see it, and the answer
// for a process the caller has no need to know of (the same 404 as one that does not exist).
import type { Client } from '@temporalio/client';
import { consentedCategories } from '../common/consent';
import type { Db } from '../common/db';
import { youthRefOf } from '../common/processes';
import { processViewFor } from '../workflows/messages';
import type { Actor, ProcessView } from '../workflows/types';
import { processNotFound, toApiError } from './temporal-errors';

/** The process as the caller may see it; 404 PROCESS_NOT_FOUND when it does not exist for the caller. */
export async function readProcess(client: Client, db: Db, processId: string, actor: Actor): Promise<ProcessView> {
  const consent = await consentedCategories(db, youthRefOf(processId), actor.agencyType);
  const view = await client.workflow
    .getHandle(processId)
    .query(processViewFor, { actor, consent })
    .catch((err: unknown) => {
      throw toApiError(err) ?? err;
    });
  if (!view) throw processNotFound();
  return view;
}

/**
 * For `.catch(...)` around an Update: a finished process cannot run its validator, so before
 * answering PROCESS_CLOSED the caller's need to know is checked (a query still runs on it).
 */
export const rethrowFor = (client: Client, processId: string, actor: Actor) => async (err: unknown) => {
  const refusal = toApiError(err);
  if (refusal?.code === 'PROCESS_CLOSED') {
    const view = await client.workflow
      .getHandle(processId)
      .query(processViewFor, { actor, consent: [] })
      .catch(() => null);
    if (!view) throw processNotFound();
  }
  throw refusal ?? err;
};
