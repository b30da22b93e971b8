// 100 processes survive a Temporal server restart: their own dev server with a database file is
// stopped while their steps wait, the deadlines pass, and after the restart every step escalates,
// its overdue mail sent once; a step still accepts acknowledgment and its process ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { startLeContact } from '../../common/processes';
import { devServerArgs, temporalCliPath } from '../../scripts/temporal-cli';
import { acknowledgeStep, completeStep, processState } from '../../workflows/messages';
import type { StepView } from '../../workflows/types';
import { eventually, freePort, runConcurrently, setTimers, startStack, type TestStack, TEST_CASE_INDEX_KEY } from '../support/stack';
import { demoEncounter } from '../support/steps';
import { deliveries } from './deliveries';

const PROCESSES = 100;

function startServer(port: number, dbFile: string): ChildProcess {
  return spawn(temporalCliPath(), devServerArgs({ port, dbFile }), { stdio: 'ignore' });
}

async function serverUp(port: number): Promise<void> {
  await eventually(
    async () => {
      const connection = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return true;
    },
    30_000,
    'Temporal dev server',
  );
}

// Resolves even if the server already died, and kills it if it does not stop in time.
const stopServer = (server: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    const kill = setTimeout(() => server.kill('SIGKILL'), 10_000);
    server.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    server.kill('SIGTERM');
  });

/** Names the phase that hangs instead of letting jest's test timeout hide it. */
const within = <T>(ms: number, what: string, work: Promise<T>) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms).unref())]);

const dataDir = mkdtempSync(join(tmpdir(), 'csec-temporal-'));
let server: ChildProcess;
let stack: TestStack | undefined;
afterAll(async () => {
  await stack?.close();
  if (server && server.exitCode === null && server.signalCode === null) await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
});

test(`${PROCESSES} waiting steps escalate after the server restarts; one still accepts acknowledgment`, async () => {
  const port = await freePort();
  const dbFile = join(dataDir, 'temporal.db');
  server = startServer(port, dbFile);
  await serverUp(port);
  stack = await startStack({ temporalAddress: `127.0.0.1:${port}` });
  // Long enough for all of them to open, and everything to stop, before the first deadline.
  await setTimers(stack.db, 'le-contact', 'advocate-response', {
    acknowledgeWithinSeconds: 75,
    completeWithinSeconds: null,
    escalateEverySeconds: 3600,
    clock: 'calendar',
  });

  const handles = await runConcurrently(PROCESSES, 5, (i) =>
    startLeContact(stack!.client, stack!.taskQueue, demoEncounter('IDENTIFIED', { encounterId: `E-restart-${i}` }), TEST_CASE_INDEX_KEY),
  );
  const ids = handles.map((h) => h.workflowId);
  const advocate = (steps: StepView[]) => steps.find((s) => s.id === 'advocate-response')!;
  // An activity cut off by the shutdown would hold its step until its timeout: wait until none is in flight.
  const opened = await eventually(
    async () => {
      const views = await runConcurrently(PROCESSES, 5, async (i) => advocate((await within(10_000, 'a query', handles[i].query(processState))).steps));
      const idle = (await runConcurrently(PROCESSES, 5, (i) => handles[i].describe())).every((d) => d.raw.pendingActivities?.length === 0);
      return idle && views.every((v) => v.dueAt !== null) && views.map((v) => Date.parse(v.dueAt!));
    },
    120_000,
    'every step open, no activity in flight',
  );

  await within(30_000, 'stopping the worker', stack.stopWorker());
  await within(15_000, 'stopping the server', stopServer(server));
  // Everything was down before the first deadline; they all pass while it is down.
  expect(Date.now()).toBeLessThan(Math.min(...opened));
  await new Promise((r) => setTimeout(r, Math.max(...opened) - Date.now() + 1000));
  server = startServer(port, dbFile);
  await serverUp(port);
  await within(30_000, 'starting the worker', stack.startWorker());

  // The restarted server may take a while to hand the timers to the worker.
  const escalatedTo = (i: number) => stack!.smtp.received.some((m) => m.text.includes(ids[i]) && m.to.includes('backup-advocate@advocacy.demo.example'));
  await eventually(() => ids.every((_, i) => escalatedTo(i)), 180_000, 'every escalation email after the server restart');
  const result = await eventually(async () => {
    const d = await deliveries(stack!.db, stack!.smtp.received, ids);
    return d.missing.length === 0 && d;
  }, 60_000);
  expect(result).toMatchObject({ unexpected: [], repeated: [] });

  const handle = handles[0];
  expect(advocate((await within(10_000, 'a query', handle.query(processState))).steps)).toMatchObject({
    level: 1,
    overdue: true,
    status: 'AWAITING_ACKNOWLEDGMENT',
  });
  const advocacy = { agencyId: 'demo-advocacy', via: 'api' } as const;
  await within(20_000, 'acknowledging', handle.executeUpdate(acknowledgeStep, { args: [{ stepId: 'advocate-response', actor: advocacy }] }));
  // The sheriff's child-abuse cross-reports close the process. Completed, not acknowledged: another
  // suite's policy row may give the phone report a completion phase, and the process would not end.
  const sheriff = { agencyId: 'demo-sheriff', via: 'api' } as const;
  await within(20_000, 'completing the phone report', handle.executeUpdate(completeStep, { args: [{ stepId: 'child-abuse-phone-report', actor: sheriff }] }));
  await within(
    20_000,
    'completing the written report',
    handle.executeUpdate(completeStep, { args: [{ stepId: 'child-abuse-written-report', actor: sheriff }] }),
  );
  expect(advocate((await within(60_000, 'the result', handle.result())).steps).status).toBe('COMPLETED');
}, 600_000);
