// Stops what global-setup.ts started and removes what it made: database, embedded server, files.
import { rmSync } from 'node:fs';
import { Client as PgClient } from 'pg';
import { testDatabaseName, testServices } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const services = testServices();
  if (!services) return;
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
