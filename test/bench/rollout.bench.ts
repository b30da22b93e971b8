// `npm run bench:rollout`: re-time N waiting LE-contact processes through the policy API (scope
// running) and report processes re-timed per second and the p99 time from the rollout's start
// to each process re-armed (its RETIMED fact), on the real services the tests use.
// `benchRollout({ processes })` is the same measurement for other benchmarks to call.
import globalSetup from '../global-setup';
import globalTeardown from '../global-teardown';
import { startLeContact } from '../../common/processes';
import type { RolloutProgress } from '../../workflows/policy-rollout-input';
import { serveApi } from '../support/api';
import { eventually, startStack, TEST_CASE_INDEX_KEY } from '../support/stack';
import { demoEncounter } from '../support/steps';

const ADMIN = 'csec_demoadmin_DEMO-ONLY-county-administrator-01';
const STEP = 'advocate-response';

export interface RolloutBench {
  processesPerSecond: number;
  p99RearmMs: number;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Needs the services of test/global-setup.ts (started by the standalone run below). */
export async function benchRollout({ processes }: { processes: number }): Promise<RolloutBench> {
  const stack = await startStack();
  const api = await serveApi(stack);
  try {
    const handles = [];
    // A few at a time: starting is not what is measured.
    for (let i = 0; i < processes; i += 50) {
      const batch = Array.from({ length: Math.min(50, processes - i) }, () =>
        startLeContact(stack.client, stack.taskQueue, demoEncounter(), TEST_CASE_INDEX_KEY),
      );
      handles.push(...(await Promise.all(batch)));
    }
    const ids = handles.map((h) => h.workflowId);
    const opened = () => stack.db.stepFact.count({ where: { workflowId: { in: ids }, stepId: STEP, event: 'OPENED' } });
    await eventually(async () => (await opened()) === processes, 30 * 60_000, `${processes} steps opened`);
    // Visibility lags the starts a little: the rollout must find every one.
    const query = `CsecObligation = "le-contact" AND TaskQueue = "${stack.taskQueue}" AND ExecutionStatus = "Running"`;
    await eventually(async () => (await stack.client.workflow.count(query)).count === processes, 5 * 60_000, 'visibility');

    const t0 = Date.now();
    const res = await api.call('PUT', `/v1/admin/timer-policies/le-contact/${STEP}`, {
      key: ADMIN,
      body: { acknowledgeWithinSeconds: 3600, reason: 'Benchmark', scope: 'running' },
    });
    if (res.status !== 202) throw new Error(`the policy change answered ${res.status}: ${res.text}`);
    const done = await eventually(
      async () => {
        const p = await api.call('GET', `/v1/admin/rollouts/${res.body.rolloutId}`, { key: ADMIN });
        return p.body.status === 'DONE' && (p.body as RolloutProgress);
      },
      30 * 60_000,
      'the rollout',
    );
    const elapsed = Date.parse(done.finishedAt!) - t0;
    const rearmed = await stack.db.stepFact.findMany({ where: { workflowId: { in: ids }, stepId: STEP, event: 'RETIMED' } });
    await Promise.all(handles.map((h) => h.terminate('benchmark done')));
    await stack.db.timerPolicy.deleteMany({ where: { step: STEP, county: 'Demo County' } });
    return {
      processesPerSecond: Math.round((done.updated / (elapsed / 1000)) * 10) / 10,
      p99RearmMs: percentile(
        rearmed.map((f) => f.at.getTime() - t0),
        99,
      ),
    };
  } finally {
    await api.close();
    await stack.close();
  }
}

if (require.main === module) {
  const processes = Number(process.argv[2] ?? process.env.BENCH_PROCESSES ?? 1000);
  globalSetup()
    .then(() => benchRollout({ processes }))
    .then((r) =>
      console.log(
        `policy rollout over ${processes} waiting processes: ${r.processesPerSecond} processes/s, p99 re-armed ${r.p99RearmMs} ms after the rollout started`,
      ),
    )
    .finally(() => globalTeardown())
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
