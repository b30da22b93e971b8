// Starts what every test needs, once: a real Temporal dev server (the CLI binary), a fresh
// PostgreSQL database with the committed migrations applied, and the workflow bundle.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { migrate } from '../scripts/migrate';
import { temporalCliPath } from '../scripts/temporal-cli';
import { allSearchAttributes } from '../workflows/search-attributes';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres?sslmode=disable';
export const testDatabaseName = () => `csec_test_${process.pid}`;

async function freshDatabase(): Promise<string> {
  const name = testDatabaseName();
  const admin = new PgClient({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `Tests need PostgreSQL at TEST_DATABASE_URL (${ADMIN_URL.replace(/:[^:@/]*@/, ':***@')}): ${(err as Error).message}. ` +
        '.ci/run shows how to install and start it.',
    );
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function globalSetup(): Promise<void> {
  const [env, databaseUrl, bundle] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalCliPath() }, searchAttributes: allSearchAttributes },
    }),
    freshDatabase(),
    bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error } }),
  ]);
  await migrate(databaseUrl);
  const dir = mkdtempSync(join(tmpdir(), 'csec-test-'));
  writeFileSync(join(dir, 'workflows.js'), bundle.code);
  (globalThis as Record<string, unknown>).__csecTemporal = env;
  process.env.CSEC_TEST_TEMPORAL_ADDRESS = env.address;
  process.env.CSEC_TEST_DATABASE_URL = databaseUrl;
  process.env.CSEC_TEST_WORKFLOW_BUNDLE = join(dir, 'workflows.js');
  process.env.CSEC_TEST_TMP_DIR = dir;
}
