// Starts what every test needs, once: a real Temporal dev server (the CLI binary), a fresh
// PostgreSQL database with the committed migrations applied, and the workflow bundle.
// PostgreSQL is TEST_DATABASE_URL's server when set, else a throwaway embedded server. Temporal
// is TEST_TEMPORAL_ADDRESS's server when set (the production engine, scripts/temporal-engine.sh).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../common/codec';
import { prepareEmbeddedPostgres } from '../scripts/embedded-db';
import { migrate } from '../scripts/migrate';
import { ensureSearchAttributes } from '../scripts/search-attributes';
import { temporalCliPath } from '../scripts/temporal-cli';
import { allSearchAttributes } from '../workflows/search-attributes';
import { eventually, freePort } from './support/wait';

export const testDatabaseName = () => `csec_test_${process.pid}`;

interface TestServices {
  temporal?: TestWorkflowEnvironment;
  adminUrl: string;
  tmpDir: string;
  embeddedPostgres?: ChildProcess;
}
const registry = globalThis as { __csecTestServices?: TestServices };

/** A throwaway embedded server in the run's temporary folder; fsync off, it dies with the run. */
async function startEmbeddedPostgres(tmpDir: string): Promise<{ url: string; child: ChildProcess }> {
  const pg = prepareEmbeddedPostgres({ dataDir: join(tmpDir, 'postgres'), port: await freePort(), password: randomBytes(16).toString('hex'), durable: false });
  const child = spawn(pg.command, pg.args, { ...pg.spawnOptions, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`embedded PostgreSQL exited (${child.exitCode}): ${log}`);
      const probe = new PgClient({ connectionString: pg.url });
      await probe.connect();
      await probe.end();
      return true;
    },
    30_000,
    'the embedded PostgreSQL server',
  );
  return { url: pg.url, child };
}

/** The dev server (the CLI binary), or the server at TEST_TEMPORAL_ADDRESS with the search attributes added. */
async function startTemporal(): Promise<TestWorkflowEnvironment> {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) {
    return TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalCliPath() }, searchAttributes: allSearchAttributes },
    });
  }
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

async function freshDatabase(adminUrl: string): Promise<string> {
  const name = testDatabaseName();
  const admin = new PgClient({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`Tests need PostgreSQL at TEST_DATABASE_URL (${adminUrl.replace(/:[^:@/]*@/, ':***@')}): ${(err as Error).message}`, { cause: err });
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function globalSetup(): Promise<void> {
  const tmpDir = mkdtempSync(join(tmpdir(), 'csec-test-'));
  chmodSync(tmpDir, 0o755); // the embedded server runs as the postgres user when we are root
  const embedded = process.env.TEST_DATABASE_URL ? undefined : await startEmbeddedPostgres(tmpDir);
  const adminUrl = process.env.TEST_DATABASE_URL ?? embedded!.url;
  const services: TestServices = { tmpDir, adminUrl, embeddedPostgres: embedded?.child };
  registry.__csecTestServices = services;
  // Jest runs no teardown when the setup fails: whatever started must be stopped here then.
  try {
    const [temporal, databaseUrl, bundle] = await Promise.allSettled([
      startTemporal(),
      freshDatabase(adminUrl),
      bundleWorkflowCode({
        workflowsPath: require.resolve('../workflows'),
        failureConverterPath: FAILURE_CONVERTER_PATH,
        logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
      }),
    ]);
    if (temporal.status === 'fulfilled') services.temporal = temporal.value;
    for (const started of [temporal, databaseUrl, bundle]) if (started.status === 'rejected') throw started.reason;
    const env = services.temporal!;
    const url = (databaseUrl as PromiseFulfilledResult<string>).value;
    await migrate(url);
    writeFileSync(join(tmpDir, 'workflows.js'), (bundle as PromiseFulfilledResult<{ code: string }>).value.code);
    process.env.CSEC_TEST_TEMPORAL_ADDRESS = env.address;
    process.env.CSEC_TEST_DATABASE_URL = url;
    process.env.CSEC_TEST_WORKFLOW_BUNDLE = join(tmpDir, 'workflows.js');
    console.log(
      `\nTest services: Temporal ${process.env.TEST_TEMPORAL_ADDRESS ? 'server' : 'dev server'} at ${env.address}; PostgreSQL ${embedded ? 'embedded (throwaway)' : 'at TEST_DATABASE_URL'}`,
    );
  } catch (err) {
    await stopTestServices();
    throw err;
  }
}

/** Stops what the setup started and removes what it made: database, embedded server, files. */
export async function stopTestServices(): Promise<void> {
  const services = registry.__csecTestServices;
  if (!services) return;
  registry.__csecTestServices = undefined;
  await services.temporal?.teardown();
  const postgres = services.embeddedPostgres;
  if (postgres) {
    if (postgres.exitCode === null) {
      const exited = new Promise((resolve) => postgres.once('exit', resolve));
      postgres.kill('SIGINT'); // fast shutdown; the whole cluster is thrown away next
      await exited;
    }
  } else {
    const admin = new PgClient({ connectionString: services.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${testDatabaseName()} WITH (FORCE)`);
    await admin.end();
  }
  rmSync(services.tmpDir, { recursive: true, force: true });
}
