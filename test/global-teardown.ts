// Stops the dev server and removes what global-setup.ts made: the database and the bundle.
import { rmSync } from 'node:fs';
import { Client as PgClient } from 'pg';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ADMIN_URL, testDatabaseName } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  await ((globalThis as Record<string, unknown>).__csecTemporal as TestWorkflowEnvironment | undefined)?.teardown();
  if (process.env.CSEC_TEST_TMP_DIR) rmSync(process.env.CSEC_TEST_TMP_DIR, { recursive: true, force: true });
  const admin = new PgClient({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${testDatabaseName()} WITH (FORCE)`);
  await admin.end();
}
