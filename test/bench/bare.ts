// Bare Temporal and bare nodemailer, on the benchmark's own dev server and SMTP sink: the
// denominators of its ratios.
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { bareEmail, bareSteps } from './bare-workflows';

export const bareActivities = (mailer: Transporter) => ({
  async noop(): Promise<void> {},
  async sendRaw(to: string, subject: string): Promise<void> {
    await mailer.sendMail({ from: 'bench@csec.invalid', to, subject, text: subject });
  },
});
export type BareActivities = ReturnType<typeof bareActivities>;

export interface Bare {
  startSteps(steps: number, activitiesPerStep: number): Promise<{ result(): Promise<void> }>;
  startEmail(to: string, subject: string): Promise<unknown>;
  close(): Promise<void>;
}

/** A worker of the bare workflows on its own task queue, with a client that does not encrypt. */
export async function startBare(address: string, smtpPort: number): Promise<Bare> {
  const connection = await NativeConnection.connect({ address });
  const client = new Client({ connection: await Connection.connect({ address }) });
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  const taskQueue = `bare-${randomUUID()}`;
  const worker = await Worker.create({ connection, taskQueue, workflowsPath: require.resolve('./bare-workflows'), activities: bareActivities(mailer) });
  const running = worker.run();
  const start = <W extends typeof bareSteps | typeof bareEmail>(name: string, args: Parameters<W>) =>
    client.workflow.start<W>(name, { taskQueue, workflowId: `bare-${randomUUID()}`, args });
  return {
    startSteps: (steps, perStep) => start<typeof bareSteps>('bareSteps', [steps, perStep]),
    startEmail: (to, subject) => start<typeof bareEmail>('bareEmail', [to, subject]),
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await client.connection.close();
      mailer.close();
    },
  };
}

/** A raw nodemailer pooled send loop: messages per second the sink accepts. */
export async function rawPooledSendRate(smtpPort: number, messages: number, concurrency: number): Promise<number> {
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: concurrency });
  const t0 = Date.now();
  await inParallel(messages, concurrency, (i) => mailer.sendMail({ from: 'bench@csec.invalid', to: 'raw@bench.invalid', subject: `raw ${i}`, text: 'raw' }));
  mailer.close();
  return messages / ((Date.now() - t0) / 1000);
}

/** Runs `task(0..n-1)` with at most `concurrency` at once. */
export async function inParallel(n: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}
