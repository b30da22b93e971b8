// `npm run bench`: how fast the advocate hears of an encounter, and how late an escalation
// lands after a missed deadline, on the real services the tests use (same prerequisites).
import globalSetup from '../global-setup';
import globalTeardown from '../global-teardown';
import { startLeContact } from '../../common/processes';
import { processState } from '../../workflows/messages';
import { setTimers, startStack, TEST_CASE_INDEX_KEY } from '../support/stack';
import { demoEncounter } from '../support/steps';

const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 20);
const ACK_SECONDS = 2;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const summary = (name: string, xs: number[]) =>
  console.log(`${name.padEnd(44)} n=${xs.length}  p50=${percentile(xs, 50)} ms  p95=${percentile(xs, 95)} ms  max=${Math.max(...xs)} ms`);

async function main() {
  await globalSetup();
  const stack = await startStack();
  try {
    await setTimers(stack.db, 'le-contact', 'advocate-response', {
      acknowledgeWithinSeconds: ACK_SECONDS,
      completeWithinSeconds: null,
      escalateEverySeconds: 3600,
    });
    const started = await Promise.all(
      Array.from({ length: PROCESSES }, async (_, i) => {
        const t0 = Date.now();
        const handle = await startLeContact(stack.client, stack.taskQueue, demoEncounter('IDENTIFIED', { encounterId: `B-${i}` }), TEST_CASE_INDEX_KEY);
        return { handle, t0 };
      }),
    );
    const arrival = async (workflowId: string, to: string) => (await stack.smtp.waitFor((m) => m.text.includes(workflowId) && m.to.includes(to), 60_000)).at;
    const notified = await Promise.all(started.map(async ({ handle, t0 }) => (await arrival(handle.workflowId, 'oncall-advocate@advocacy.demo.example')) - t0));
    const escalated = await Promise.all(
      started.map(async ({ handle }) => {
        // The acknowledgment deadline runs from when the step opened.
        const dueAt = Date.parse((await handle.query(processState)).steps[0].openedAt!) + ACK_SECONDS * 1000;
        return (await arrival(handle.workflowId, 'backup-advocate@advocacy.demo.example')) - dueAt;
      }),
    );
    console.log(`${PROCESSES} LE-contact processes started at once; times are when a real SMTP server received each email:`);
    summary('encounter started → advocate email received', notified);
    summary('missed deadline → backup email received', escalated);
    await Promise.all(started.map(({ handle }) => handle.terminate('benchmark done')));
  } finally {
    await stack.close();
    await globalTeardown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
