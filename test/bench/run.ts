// `npm run bench [-- --quick]`: every goal of the system measured side by side in one run, on one
// dev server, database and SMTP sink, as a ratio to bare Temporal / bare nodemailer where there
// is one, and printed as one table. Sizes can be overridden (BENCH_OPEN=5000 …).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import globalSetup from '../global-setup';
import globalTeardown from '../global-teardown';
import { loadConfig } from '../../common/config';
import { DEMO_API_KEYS } from '../../prisma/seed';
import { registerYouth, serveApi } from '../support/api';
import { startStack } from '../support/stack';
import { startBare } from './bare';
import { benchEscalation, eventsPerEscalationRound, openProcesses, stateKeptAcrossContinueAsNew } from './escalation.bench';
import { notificationsPerSecond, offeredRate, startsPerSecond, triggerToEmailP99, type Ctx } from './throughput.bench';

const quick = process.argv.includes('--quick');
const size = (name: string, full: number, small: number) => Number(process.env[`BENCH_${name}`] ?? (quick ? small : full));
const sizes = {
  starts: size('STARTS', 100, 10),
  emailRate: size('EMAIL_RATE', 50, 10),
  emailSeconds: size('EMAIL_SECONDS', 10, 2),
  rateSeconds: size('RATE_SECONDS', 20, 2),
  notifications: size('NOTIFICATIONS', 300, 30),
  open: size('OPEN', 5000, 50),
  probes: size('PROBES', 20, 5),
  /** The worker's workflow cache, as WORKER_MAX_CACHED_WORKFLOWS sets it in production. */
  cache: size('CACHE', loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS, loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS),
};
const GOAL_OPEN = 10_000;
const GIB = 1024 ** 3;

interface Row {
  goal: string;
  measured: string;
  ratio: string;
  verdict: 'PASS' | 'FAIL' | 'INFO';
  bound?: string;
}
const rows: Row[] = [];
const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const judge = (ok: boolean, bound: string): Pick<Row, 'verdict' | 'bound'> => (ok ? { verdict: 'PASS' } : { verdict: 'FAIL', bound });

/** A rate of the system against the same work on bare Temporal / nodemailer. */
function atLeast(goal: string, r: { app: number; bare: number }, ratio: number, bound: string): Row {
  return {
    goal: `${goal} ≥ ${ratio} × bare`,
    measured: `${fmt(r.app, 1)}/s vs ${fmt(r.bare, 1)}/s`,
    ratio: fmt(r.app / r.bare),
    ...judge(r.app / r.bare >= ratio, bound),
  };
}

/** The rollout benchmark of the timer-policies branch, when merged (test/bench/rollout.bench.ts). */
async function rolloutRow(processes: number): Promise<Row> {
  const goal = `policy rollout to ${processes} open processes`;
  if (!existsSync(join(__dirname, 'rollout.bench.ts')))
    return { goal, measured: 'not measured: test/bench/rollout.bench.ts absent', ratio: '-', verdict: 'INFO' };
  const modulePath = './rollout.bench';
  const rollout = (await import(modulePath)) as {
    benchRollout(o: { processes: number }): Promise<{ processesPerSecond: number; p99RearmMs: number }>;
  };
  const r = await rollout.benchRollout({ processes });
  return { goal, measured: `${fmt(r.processesPerSecond, 1)} processes/s, re-arm p99 ${r.p99RearmMs} ms`, ratio: '-', verdict: 'INFO' };
}

function print(): void {
  const head: Row = { goal: 'goal', measured: 'measured', ratio: 'ratio', verdict: 'INFO' };
  const w = (k: 'goal' | 'measured' | 'ratio') => Math.max(...[head, ...rows].map((r) => r[k].length));
  const line = (r: Row, verdict: string) =>
    `| ${r.goal.padEnd(w('goal'))} | ${r.measured.padEnd(w('measured'))} | ${r.ratio.padEnd(w('ratio'))} | ${verdict.padEnd(7)} | ${r.bound ?? ''}`;
  console.log(`\nnpm run bench${quick ? ' -- --quick' : ''} (${JSON.stringify(sizes)})\n`);
  console.log(line(head, 'verdict') + 'bounded by');
  console.log(`|${'-'.repeat(w('goal') + 2)}|${'-'.repeat(w('measured') + 2)}|${'-'.repeat(w('ratio') + 2)}|---------|---`);
  for (const r of rows) console.log(line(r, r.verdict));
}

async function main() {
  const t0 = Date.now();
  await globalSetup();
  const stack = await startStack({ maxCachedWorkflows: sizes.cache });
  const api = await serveApi(stack);
  const bare = await startBare(process.env.CSEC_TEST_TEMPORAL_ADDRESS!, stack.smtp.port);
  try {
    const ctx: Ctx = { stack, api, bare, youthRef: await registerYouth(api, DEMO_API_KEYS.sheriff.key), refused: {} };

    const starts = await startsPerSecond(ctx, sizes.starts);
    rows.push(
      atLeast('API-triggered starts/s', starts, 0.9, "worker task slots: a start-up is 12 activities and a DB write each, on the worker's 2 shared cores"),
    );
    const notes = await notificationsPerSecond(ctx, sizes.notifications);
    rows.push(atLeast('notifications/s', notes, 0.8, 'the SMTP connection per message (SMTP_URL without ?pool=true) and two DB writes per message'));

    const email = await triggerToEmailP99(ctx, sizes.emailRate, sizes.emailSeconds);
    rows.push({
      goal: `trigger→email p99 at ${sizes.emailRate} req/s ≤ 1.5 × bare`,
      measured: `${fmt(email.app, 0)} ms vs ${fmt(email.bare, 0)} ms (${email.received}/${email.sent} received)`,
      ratio: fmt(email.app / email.bare),
      ...judge(
        email.app / email.bare <= 1.5 && email.received === email.sent,
        'start-up throughput below the offered rate (worker task slots, dev server SQLite): the backlog grows',
      ),
    });

    for (const rate of [5, 10, 15]) {
      const r = await offeredRate(ctx, rate, sizes.rateSeconds);
      rows.push({
        goal: `offered ${rate} starts/s: sustained; start→advocate emailed`,
        measured: `${fmt(r.sustained, 1)}/s; p50 ${fmt(r.p50Ms, 0)} ms, p99 ${fmt(r.p99Ms, 0)} ms`,
        ratio: fmt(r.sustained / rate),
        verdict: 'INFO',
      });
    }

    rows.push({ goal: 'history events per escalation round', measured: fmt(await eventsPerEscalationRound(stack), 1), ratio: '-', verdict: 'INFO' });
    const can = await stateKeptAcrossContinueAsNew(stack);
    rows.push({
      goal: 'continued-as-new process keeps its state',
      measured: `opening, level and ${can.escalationsCarried} escalations ${can.kept ? 'kept' : 'LOST'}`,
      ratio: '-',
      ...judge(can.kept, 'the board snapshot'),
    });

    const rssBefore = process.memoryUsage().rss;
    const open = await openProcesses(stack, sizes.open);
    const rssAfter = process.memoryUsage().rss;
    const perProcess = Math.max(0, rssAfter - rssBefore) / sizes.open;
    const escalation = await benchEscalation(stack, sizes.probes, false);
    const restarted = await benchEscalation(stack, sizes.probes, true);
    rows.push({
      goal: `escalation lateness p99 ≤ 1 s (${sizes.open} + earlier processes open)`,
      measured: `p50 ${fmt(escalation.latenessP50Ms, 0)} ms, p99 ${fmt(escalation.latenessP99Ms, 0)} ms`,
      ratio: fmt(escalation.latenessP99Ms / 1000),
      ...judge(escalation.latenessP99Ms <= 1000, 'workflow tasks queued behind start-ups on the worker; the SMTP sink'),
    });
    // Past the cache's size, runs are evicted: memory grows with the cache, not with the open processes.
    const projected = rssBefore + perProcess * Math.min(GOAL_OPEN, sizes.cache);
    rows.push({
      goal: `${GOAL_OPEN} open processes, RSS ≤ 1 GiB (cache ${sizes.cache} runs)`,
      measured: `${(rssAfter / 2 ** 20).toFixed(0)} MiB with ${sizes.open} (${(perProcess / 1024).toFixed(0)} KiB each) → ${(projected / 2 ** 20).toFixed(0)} MiB at ${GOAL_OPEN}`,
      ratio: fmt(projected / GIB),
      ...judge(projected <= GIB, "the worker's workflow cache (maxCachedWorkflows): every cached run keeps its V8 context"),
    });
    rows.push({
      goal: 'worker restart loses no timer',
      measured: `${restarted.escalated}/${restarted.probes} escalated after restart (lateness p99 ${fmt(restarted.latenessP99Ms, 0)} ms)`,
      ratio: fmt(restarted.escalated / restarted.probes),
      ...judge(restarted.escalated === restarted.probes, 'timers are server-side; a loss would be a bug'),
    });
    rows.push({ goal: 'started in the background', measured: `${fmt(open.perSecond, 1)} processes/s`, ratio: '-', verdict: 'INFO' });
    rows.push(await rolloutRow(sizes.open));
    rows.push({ goal: 'API refusals (by status)', measured: JSON.stringify(ctx.refused), ratio: '-', verdict: 'INFO' });
  } finally {
    print();
    console.log(`\n(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    await bare.close();
    await api.close();
    await stack.close();
    await globalTeardown();
  }
}

main().then(
  () => process.exit(rows.some((r) => r.verdict === 'FAIL') ? 1 : 0),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
