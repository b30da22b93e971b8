// A process survives a Temporal server restart: its own dev server with a database file is
// stopped while a step waits, the deadline passes, and after the restart the step escalates.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { startLeContact } from '../common/processes';
import { devServerArgs, temporalCliPath } from '../scripts/temporal-cli';
import { acknowledgeStep, completeStep, processState } from '../workflows/messages';
import type { StepView } from '../workflows/types';
import { eventually, freePort, setTimers, startStack, type TestStack, TEST_CASE_INDEX_KEY } from './support/stack';
import { demoEncounter } from './support/steps';

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

test('a waiting step escalates after the server restarts and still accepts acknowledgment', async () => {
  const port = await freePort();
  const dbFile = join(dataDir, 'temporal.db');
  server = startServer(port, dbFile);
  await serverUp(port);
  stack = await startStack({ temporalAddress: `127.0.0.1:${port}` });
  await setTimers(stack.db, 'le-contact', 'advocate-response', { acknowledgeWithinSeconds: 8, completeWithinSeconds: null, escalateEverySeconds: 3600 });

  const handle = await startLeContact(stack.client, stack.taskQueue, demoEncounter('IDENTIFIED', { encounterId: 'E-restart' }), TEST_CASE_INDEX_KEY);
  const advocate = (steps: StepView[]) => steps.find((s) => s.id === 'advocate-response')!;
  const opened = await eventually(async () => {
    const step = advocate((await within(10_000, 'a query', handle.query(processState))).steps);
    return step.dueAt !== null && { dueAt: step.dueAt };
  });

  // An activity cut off by the shutdown would hold its step until its one-minute timeout.
  await eventually(async () => (await handle.describe()).raw.pendingActivities?.length === 0, 30_000, 'no activity in flight');
  await within(30_000, 'stopping the worker', stack.stopWorker());
  await within(15_000, 'stopping the server', stopServer(server));
  // Everything was down before the deadline; it passes while they are down.
  expect(Date.now()).toBeLessThan(Date.parse(opened.dueAt));
  await new Promise((r) => setTimeout(r, Date.parse(opened.dueAt) - Date.now() + 1000));
  server = startServer(port, dbFile);
  await serverUp(port);
  await within(30_000, 'starting the worker', stack.startWorker());

  const state = await eventually(
    async () => {
      const s = await within(10_000, 'a query', handle.query(processState));
      return advocate(s.steps).level === 1 && s;
    },
    60_000, // the restarted server may take a while to hand the task to the worker
    'escalation after the server restart',
  );
  expect(advocate(state.steps)).toMatchObject({ overdue: true, status: 'AWAITING_ACKNOWLEDGMENT' });
  await stack.smtp.waitFor((m) => m.text.includes(handle.workflowId) && m.to.includes('backup-advocate@advocacy.demo.example'));
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
}, 150_000);
