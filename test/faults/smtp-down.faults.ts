// The SMTP server is down for two minutes (the sink stops; a new one listens on the same port).
// Escalations go on at their deadlines; every email is delivered once it returns, within one
// escalation interval, and nothing arrives twice (counted at the server by Message-ID).
import { startLeContact } from '../../common/processes';
import { startSmtpSink } from '../support/smtp-sink';
import { eventually, runConcurrently, setTimers, startStack, type TestStack, TEST_CASE_INDEX_KEY } from '../support/stack';
import { demoEncounter, sleep } from '../support/steps';
import { deliveries } from './deliveries';

const PROCESSES = 20;
const OUTAGE_MS = 120_000;
const INTERVAL_S = 40;
const STEP = 'advocate-response';

let stack: TestStack;
afterAll(() => stack?.close());

test('two minutes without SMTP: escalations on time, all mail delivered after, none twice', async () => {
  stack = await startStack();
  await setTimers(stack.db, 'le-contact', STEP, {
    acknowledgeWithinSeconds: 20,
    completeWithinSeconds: null,
    escalateEverySeconds: INTERVAL_S,
    clock: 'calendar',
  });
  const handles = await runConcurrently(PROCESSES, 5, () =>
    // Failed mail is tried again every 15 s here (300 s by default).
    startLeContact(stack.client, stack.taskQueue, demoEncounter('IDENTIFIED', { notifyRetrySeconds: 15 }), TEST_CASE_INDEX_KEY),
  );
  const ids = handles.map((h) => h.workflowId);
  // The assignments go out while the server is up.
  await eventually(async () => {
    const d = await deliveries(stack.db, stack.smtp.received, ids);
    return (await stack.db.notification.count({ where: { workflowId: { in: ids }, stepId: STEP } })) >= PROCESSES && d.missing.length === 0;
  }, 120_000);

  const { port, received } = stack.smtp;
  await stack.smtp.close();
  const downAt = Date.now();
  // Escalations keep their deadlines meanwhile, and their mail fails.
  await eventually(
    async () => (await stack.db.auditEvent.count({ where: { workflowId: { in: ids }, action: 'step.NOTIFY_FAILED' } })) >= PROCESSES,
    OUTAGE_MS,
    'escalations whose mail failed',
  );
  await sleep(downAt + OUTAGE_MS - Date.now());
  stack.smtp = await startSmtpSink(port, received);
  const backAt = Date.now();

  const result = await eventually(
    async () => {
      const d = await deliveries(stack.db, received, ids);
      return d.missing.length === 0 && d;
    },
    3 * INTERVAL_S * 1000,
    'every email after the outage',
  );
  expect(result).toMatchObject({ unexpected: [], repeated: [] });
  // Each overdue email arrived within one interval of its escalation, or of the server's return.
  const rows = await stack.db.notification.findMany({ where: { workflowId: { in: ids }, level: { gt: 0 } } });
  const arrivedAt = new Map(received.map((m) => [m.messageId, m.at]));
  const late = rows.filter((r) => arrivedAt.get(r.messageId!)! - Math.max(r.createdAt.getTime(), backAt) > INTERVAL_S * 1000);
  expect(late).toEqual([]);
  expect(rows.filter((r) => r.createdAt.getTime() > downAt && r.createdAt.getTime() < backAt).length).toBeGreaterThanOrEqual(PROCESSES);
}, 400_000);
