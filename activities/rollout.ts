// A policy rollout's side effects (workflows/policy-rollout.ts): finding the open processes of an
// obligation in a county (a visibility query), re-timing one (an Update, or the dry run's query),
// and recording the rollout's result with the policy change.
import { Context } from '@temporalio/activity';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Db } from '../common/db';
import type { Prisma } from '../prisma/generated/client';
import { previewRetime, retimeStepKind, type RetimeRequest, type RetimeResult } from '../workflows/messages';
import type { RolloutProgress } from '../workflows/policy-rollout-input';

export interface RolloutPageRequest {
  county: string;
  obligation: string;
  /** The rollout's own task queue: processes this deployment's workers run. */
  taskQueue: string;
  pageSize: number;
  pageToken?: string;
}

export interface RolloutPage {
  processIds: string[];
  /** Base64; absent on the last page. */
  nextPageToken?: string;
}

export type RetimeOutcome = RetimeResult | { outcome: 'failed'; why: string };

const quoted = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

export function createRolloutActivities(db: Db, temporal: Client | undefined) {
  const client = () => {
    if (!temporal) throw ApplicationFailure.nonRetryable('This worker has no Temporal client for policy rollouts');
    return temporal;
  };
  return {
    async listRolloutPage({ county, obligation, taskQueue, pageSize, pageToken }: RolloutPageRequest): Promise<RolloutPage> {
      const c = client();
      const query = `CsecObligation = ${quoted(obligation)} AND CsecCounty = ${quoted(county)} AND ExecutionStatus = 'Running' AND TaskQueue = ${quoted(taskQueue)}`;
      const res = await c.workflowService.listWorkflowExecutions({
        namespace: c.options.namespace,
        query,
        pageSize,
        nextPageToken: pageToken ? Buffer.from(pageToken, 'base64') : undefined,
      });
      const next = res.nextPageToken?.length ? Buffer.from(res.nextPageToken).toString('base64') : undefined;
      return { processIds: (res.executions ?? []).map((e) => e.execution!.workflowId!), nextPageToken: next };
    },

    /** The Update's id is the rollout's: a retried attempt gets the first one's answer, never a second re-timing. */
    async retimeProcess({ processId, request, dryRun }: { processId: string; request: RetimeRequest; dryRun: boolean }): Promise<RetimeOutcome> {
      const c = client();
      const handle = c.workflow.getHandle(processId);
      try {
        if (dryRun) return await handle.query(previewRetime, { ...request, asOf: Date.now() });
        // The Update waits for the process's worker: a worker shutting down cancels it, and a later attempt sends it again.
        return await c.withAbortSignal(Context.current().cancellationSignal, () =>
          handle.executeUpdate(retimeStepKind, { args: [request], updateId: request.rolloutId }),
        );
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return { outcome: 'unaffected', rearmed: 0, escalateNow: 0, graced: 0 };
        if (err instanceof WorkflowUpdateFailedError) return { outcome: 'failed', why: err.cause?.message ?? err.message };
        throw err;
      }
    },

    async recordRolloutResult(progress: RolloutProgress): Promise<void> {
      await db.timerPolicyChange.updateMany({ where: { rolloutId: progress.rolloutId }, data: { result: progress as unknown as Prisma.InputJsonObject } });
    },
  };
}
