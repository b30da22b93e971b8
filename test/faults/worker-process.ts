// A worker in a process of its own, with the test stack's settings, for the fault suites to kill.
// Run as a script it is that worker; imported, it starts one (startWorkerProcess).
import { spawn, type ChildProcess } from 'node:child_process';
import { NativeConnection } from '@temporalio/worker';
import { openDb } from '../../common/db';
import { createWorker } from '../../worker/create-worker';
import { testActivityDeps, testDataConverter } from '../support/stack';

const READY = 'worker polling';

export interface WorkerProcess {
  child: ChildProcess;
  /** SIGKILL: no shutdown, activities cut off mid-flight. */
  kill(): Promise<void>;
}

/** Starts the worker on `taskQueue`, sending mail to the sink's port; resolves once it polls. */
export async function startWorkerProcess(taskQueue: string, smtpPort: number, databaseUrl = process.env.CSEC_TEST_DATABASE_URL!): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, taskQueue, String(smtpPort)], {
    env: { ...process.env, CSEC_TEST_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('the worker process did not start within 60 s')), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes(READY)) return;
      clearTimeout(timeout);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`the worker process exited (${code})`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function main(taskQueue: string, smtpPort: string): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.CSEC_TEST_TEMPORAL_ADDRESS! });
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    deps: testActivityDeps(openDb(process.env.CSEC_TEST_DATABASE_URL!), Number(smtpPort)),
    dataConverter: testDataConverter(),
    workflowBundle: { codePath: process.env.CSEC_TEST_WORKFLOW_BUNDLE! },
  });
  const running = worker.run();
  console.log(READY);
  await running;
}

if (require.main === module) {
  main(process.argv[2], process.argv[3]).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
