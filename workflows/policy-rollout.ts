// Rolls an administrator's timer-policy change out to the processes already running (issue 11):
// finds the open processes of the obligation in the county a page at a time (visibility), sends
// each an Update that re-times the step kind, a few at a time, and continues as new after each
// page with its progress. Idempotent per rollout: a re-run never re-times a process twice.
//
// Query: rolloutProgress. The Temporal UI shows the progress as the rollout's current details.
import { continueAsNew, proxyActivities, setCurrentDetails, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RetimeOutcome } from '../activities/rollout';
import type { RetimeRequest } from './messages';
import { rolloutProgress, type RolloutInput, type RolloutProgress } from './policy-rollout-input';

const { listRolloutPage, recordRolloutResult } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '30 seconds' },
});
// A process whose worker is slow to answer is retried, not skipped.
const { retimeProcess } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '30 seconds', maximumAttempts: 10 },
});

const DEFAULT_CONCURRENCY = 10;
const DEFAULT_PAGE_SIZE = 200;

export interface RolloutCarry {
  pageToken: string;
  progress: RolloutProgress;
}

const started = (input: RolloutInput): RolloutProgress => ({
  rolloutId: input.rolloutId,
  county: input.county,
  obligation: input.obligation,
  kind: input.kind,
  dryRun: input.dryRun,
  status: 'RUNNING',
  startedAt: new Date(Date.now()).toISOString(), // workflow time (the sandbox's Date.now), replay-safe
  matched: 0,
  updated: 0,
  skipped: 0,
  unaffected: 0,
  failed: [],
  steps: { rearmed: 0, escalateNow: 0, graced: 0 },
});

function publish(p: RolloutProgress): void {
  const what = p.dryRun ? 'Dry run of the timer policy' : 'Timer policy';
  setCurrentDetails(
    [
      `${what} for ${p.obligation} / ${p.kind} in ${p.county}: ${p.status === 'DONE' ? `done ${p.finishedAt}` : 'rolling out'}`,
      `- processes: matched ${p.matched}, re-timed ${p.updated}, skipped (already done) ${p.skipped}, unaffected ${p.unaffected}, failed ${p.failed.length}`,
      `- steps: re-armed ${p.steps.rearmed}, escalated at once ${p.steps.escalateNow}, given grace ${p.steps.graced}`,
      ...p.failed.slice(0, 20).map((f) => `- failed: ${f.processId}: ${f.why}`),
    ].join('\n'),
  );
}

function count(p: RolloutProgress, processId: string, r: RetimeOutcome): void {
  if (r.outcome === 'failed') {
    p.failed.push({ processId, why: r.why });
    return;
  }
  p[r.outcome === 'updated' ? 'updated' : r.outcome === 'already' ? 'skipped' : 'unaffected']++;
  p.steps.rearmed += r.rearmed;
  p.steps.escalateNow += r.escalateNow;
  p.steps.graced += r.graced;
}

/** Runs `each` over the items, at most `limit` at a time (deterministic: a shared queue). */
async function bounded<T>(items: T[], limit: number, each: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const lane = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await each(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export async function policyRollout(input: RolloutInput, carried?: RolloutCarry): Promise<RolloutProgress> {
  const progress = carried?.progress ?? started(input);
  setHandler(rolloutProgress, () => progress);
  publish(progress);
  const request: RetimeRequest = {
    kind: input.kind,
    timers: input.timers,
    overdue: input.overdue,
    graceSeconds: input.graceSeconds,
    rolloutId: input.rolloutId,
  };
  const page = await listRolloutPage({
    county: input.county,
    obligation: input.obligation,
    taskQueue: workflowInfo().taskQueue,
    pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE,
    pageToken: carried?.pageToken,
  });
  progress.matched += page.processIds.length;
  publish(progress);
  await bounded(page.processIds, input.concurrency ?? DEFAULT_CONCURRENCY, async (processId) => {
    count(progress, processId, await retimeProcess({ processId, request, dryRun: input.dryRun }));
    publish(progress);
  });
  if (page.nextPageToken) return continueAsNew<typeof policyRollout>(input, { pageToken: page.nextPageToken, progress });
  progress.status = 'DONE';
  progress.finishedAt = new Date(Date.now()).toISOString();
  publish(progress);
  if (!input.dryRun) await recordRolloutResult(progress);
  return progress;
}
