// Test access to the real services started in global-setup.ts, plus a real SMTP sink.
import { createHash, randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { encryptingDataConverter } from '../../common/codec';
import { loadConfig } from '../../common/config';
import { createLinkSigner } from '../../common/links';
import { registryKeys, type RegistryKeys } from '../../common/registry-keys';
import { newYouthRef } from '../../common/youth-ref';
import { openDb, type Db } from '../../common/db';
import { createWorker, type WorkerParts } from '../../worker/create-worker';
import type { Clock, StepTimers } from '../../workflows/types';
import { seedDemoCounty } from '../../prisma/seed';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

export { eventually, freePort, runConcurrently } from './wait';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (global-setup.ts)`);
  return value;
};

/** Every line the workers of this test file logged (the SDK's and the workflows' own), for tests that read logs. */
export const workerLog: string[] = [];
// Keep test output to what matters (the worker logs every state change at INFO), but keep it all.
Runtime.install({
  logger: new DefaultLogger('INFO', (entry) => {
    const line = JSON.stringify({ level: entry.level, message: entry.message, ...entry.meta }, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    workerLog.push(line);
    if (entry.level === 'WARN' || entry.level === 'ERROR') console.warn(line);
  }),
});

export const TEST_LINK_SECRET = 'test-link-secret-0123456789abcdef0123456789';
export const testLinks = () => createLinkSigner(TEST_LINK_SECRET, 3600);

/** Two identity master keys (test-a, test-b) for rotation tests; test-a is current unless told. */
const testKey = (label: string) => createHash('sha256').update(label).digest('base64');
export const TEST_CASE_INDEX_KEY = 'test-case-index-key-0123456789abcdef0123';
/** The secrets every API and worker process needs, as environment variables (the registry's and the payload keys). */
export const testSecretsEnv = (o: { identityKeyId?: string; identityKeyIds?: string[]; payloadKeyId?: string; payloadKeys?: Record<string, number> } = {}) => ({
  IDENTITY_KEYS: (o.identityKeyIds ?? ['test-a', 'test-b']).map((id) => `${id}:${testKey(id)}`).join(','),
  IDENTITY_KEY_ID: o.identityKeyId ?? 'test-a',
  BLIND_INDEX_KEY: 'test-blind-index-key-0123456789abcdef0123',
  CASE_INDEX_KEY: TEST_CASE_INDEX_KEY,
  // Payload keys: kid → fill byte.
  PAYLOAD_KEYS: Object.entries(o.payloadKeys ?? { 'test-1': 1 })
    .map(([kid, fill]) => `${kid}:${Buffer.alloc(32, fill).toString('base64')}`)
    .join(','),
  PAYLOAD_KEY_ID: o.payloadKeyId ?? 'test-1',
});
export const testRegistryKeys = (currentKeyId = 'test-a', keyIds = ['test-a', 'test-b']): RegistryKeys =>
  registryKeys(loadConfig(testSecretsEnv({ identityKeyId: currentKeyId, identityKeyIds: keyIds })));
/** Settings with test payload keys (kid → fill byte): every test client and worker encrypts, as production does. */
export const testCodecConfig = (current = 'test-1', keys: Record<string, number> = { 'test-1': 1 }) =>
  loadConfig(testSecretsEnv({ payloadKeyId: current, payloadKeys: keys }));
export const testDataConverter = () => encryptingDataConverter(testCodecConfig());

export interface TestStack {
  db: Db;
  client: Client;
  smtp: SmtpSink;
  taskQueue: string;
  worker: Worker;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Base of the links in emails (the API under test). */
  publicBaseUrl?: string;
  /** Another Temporal server than the shared one (the server-restart test runs its own). */
  temporalAddress?: string;
  /** Another workflow bundle than the suite's (e.g. with a test-only workflow beside the real ones). */
  workflowBundle?: { code: string };
  /** Another way to the test database than its own URL (the fault suites' cuttable proxy). */
  databaseUrl?: string;
  /** False: no worker in this process (the fault suites run it as a child they can kill). */
  worker?: boolean;
  /** Wraps the worker's activities (a slow directory, say). */
  wrapActivities?: WorkerParts['wrapActivities'];
  maxCachedWorkflows?: number;
}

/** The activities' dependencies in a test: the sink for mail, and a 1 s timer floor so escalations run within a test. */
export const testActivityDeps = (db: Db, smtpPort: number, publicBaseUrl = 'http://127.0.0.1:9') => ({
  db,
  mailer: nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true }),
  links: testLinks(),
  publicBaseUrl,
  mailFrom: 'CSEC test <test@csec.invalid>',
  timerFloorSeconds: 1,
});

/** A seeded database, a Temporal client, an SMTP sink and a running worker on its own task queue. */
export async function startStack({
  publicBaseUrl,
  temporalAddress,
  databaseUrl,
  worker = true,
  workflowBundle,
  wrapActivities,
  maxCachedWorkflows,
}: StackOptions = {}): Promise<TestStack> {
  const db = openDb(databaseUrl ?? env('CSEC_TEST_DATABASE_URL'));
  await seedDemoCounty(db);
  const address = temporalAddress ?? env('CSEC_TEST_TEMPORAL_ADDRESS');
  const client = new Client({ connection: await Connection.connect({ address }), dataConverter: testDataConverter() });
  const nativeConnection = await NativeConnection.connect({ address });
  const smtp = await startSmtpSink();
  const taskQueue = `test-${randomUUID()}`;
  // Rollouts list and update processes through the suite's client.
  const deps = { ...testActivityDeps(db, smtp.port, publicBaseUrl), temporal: client };
  let running: Promise<void> | undefined;
  const stack: TestStack = {
    db,
    client,
    smtp,
    taskQueue,
    worker: undefined as unknown as Worker,
    async startWorker() {
      stack.worker = await createWorker({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue,
        deps,
        dataConverter: testDataConverter(),
        workflowBundle: workflowBundle ?? { codePath: env('CSEC_TEST_WORKFLOW_BUNDLE') },
        wrapActivities,
        maxCachedWorkflows,
      });
      running = stack.worker.run();
    },
    async stopWorker() {
      if (!running) return;
      stack.worker.shutdown();
      await running;
      running = undefined;
    },
    async close() {
      await stack.stopWorker();
      await nativeConnection.close();
      await client.connection.close();
      await smtp.close();
      await db.$disconnect();
    },
  };
  if (worker) await stack.startWorker();
  return stack;
}

/** An administrator's override (for every county unless given one); a clock of null keeps the step definition's. */
export async function setTimers(
  db: Db,
  obligation: string,
  step: string,
  timers: Omit<StepTimers, 'clock'> & { clock?: Clock | null },
  county = '',
): Promise<void> {
  await db.timerPolicy.upsert({
    where: { county_obligation_step: { county, obligation, step } },
    create: { county, obligation, step, ...timers },
    update: timers,
  });
}

/** A valid registry reference; tests through the API register it first (registerYouth in api.ts). */
export const uniqueRef = newYouthRef;
