// 200 processes in their escalation window; the worker (a child process) is killed with SIGKILL
// twice at random moments and restarted. Every email the processes owe reaches the SMTP server;
// a Message-ID arrives twice only from a send a kill cut off after SMTP accepted it (at least
// once, as the README promises); every escalation the processes recorded was notified.
import { startLeContact } from '../../common/processes';
import { acknowledgeStep } from '../../workflows/messages';
import { runConcurrently, setTimers, startStack, eventually, type TestStack, TEST_CASE_INDEX_KEY } from '../support/stack';
import { demoEncounter, sleep } from '../support/steps';
import { deliveries } from './deliveries';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

const PROCESSES = 200;
const STEP = 'advocate-response';
const advocacy = { agencyId: 'demo-advocacy', via: 'api' } as const;

let stack: TestStack;
let worker: WorkerProcess | undefined;
afterAll(async () => {
  await worker?.kill();
  await stack?.close();
});

const randomMs = (fromS: number, toS: number) => Math.round((fromS + Math.random() * (toS - fromS)) * 1000);

test(`${PROCESSES} escalating processes survive two SIGKILLs of the worker: every email arrives, a Message-ID twice only after a cut-off send, each escalation notified`, async () => {
  stack = await startStack({ worker: false });
  await setTimers(stack.db, 'le-contact', STEP, { acknowledgeWithinSeconds: 20, completeWithinSeconds: null, escalateEverySeconds: 15, clock: 'calendar' });
  worker = await startWorkerProcess(stack.taskQueue, stack.smtp.port);

  const handles = await runConcurrently(PROCESSES, 10, () => startLeContact(stack.client, stack.taskQueue, demoEncounter('IDENTIFIED'), TEST_CASE_INDEX_KEY));
  for (const round of [1, 2]) {
    const wait = randomMs(5, 25);
    console.log(`kill ${round}: SIGKILL ${wait} ms into the escalation window`);
    await sleep(wait);
    await worker.kill();
    worker = await startWorkerProcess(stack.taskQueue, stack.smtp.port);
  }
  // The restarted worker catches up: overdue timers fire and every step escalates (read from the
  // audit rows: querying 200 workflows at once would only load the shared machine).
  const ids = handles.map((h) => h.workflowId);
  const escalations = async () => {
    const rows = await stack.db.auditEvent.groupBy({
      by: ['workflowId'],
      where: { workflowId: { in: ids }, stepId: STEP, action: { in: ['step.ESCALATED', 'step.REMINDER'] } },
      _count: true,
    });
    const counts = new Map(rows.map((r) => [r.workflowId, r._count]));
    return ids.map((id) => counts.get(id) ?? 0);
  };
  await eventually(async () => (await escalations()).every((n) => n > 0), 300_000, 'every step escalated');

  // Acknowledged, the steps escalate no further; what they escalated so far is what must have been sent.
  await runConcurrently(PROCESSES, 5, (i) => handles[i].executeUpdate(acknowledgeStep, { args: [{ stepId: STEP, actor: advocacy }] }));
  const result = await eventually(
    async () => {
      const d = await deliveries(stack.db, stack.smtp.received, ids);
      return d.missing.length === 0 && d;
    },
    180_000,
    'every notification sent and received',
  );
  console.log(`worker kills: ${result.expected} notifications, ${result.repeated.length} resent with the same Message-ID`);
  expect(result.unexpected).toEqual([]);
  // A kill between SMTP's acceptance and the database's record resends the same Message-ID; nothing else may.
  for (const r of result.repeated) expect(r.sendAttempts).toBeGreaterThanOrEqual(r.arrived);

  // One notification per escalation, but for one that raced the acknowledgment (nobody is told of a step just acted on).
  const rows = await stack.db.notification.findMany({
    where: { workflowId: { in: ids }, stepId: STEP, level: { gt: 0 } },
    select: { key: true, workflowId: true },
  });
  const notified = new Map<string, Set<string>>();
  for (const r of rows) notified.set(r.workflowId, (notified.get(r.workflowId) ?? new Set()).add(r.key.split('>')[0]));
  const escalated = await escalations();
  ids.forEach((id, i) => expect([escalated[i] - 1, escalated[i]]).toContain(notified.get(id)?.size ?? 0));
}, 600_000);
