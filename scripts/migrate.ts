// Applies prisma/migrations/*.sql with dbmate (the same files for PGlite and PostgreSQL).
// `npm run db:migrate` uses DATABASE_URL; start.ts and the tests call migrate() directly.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..');

/** DBMATE_BIN, else the linux-x64 binary package (the registry here serves no other platform's). */
function dbmateBinary(): string {
  if (process.env.DBMATE_BIN) return process.env.DBMATE_BIN;
  try {
    return require.resolve('@dbmate/linux-x64/bin/dbmate');
  } catch {
    throw new Error('dbmate not found: on a platform other than linux-x64, install dbmate and set DBMATE_BIN');
  }
}

export async function migrate(databaseUrl: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    dbmateBinary(),
    ['--url', databaseUrl, '--migrations-dir', join(root, 'prisma', 'migrations'), '--no-dump-schema', '--wait', 'up'],
    { cwd: root },
  );
  return stdout;
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required');
    process.exit(1);
  }
  migrate(url).then(
    (out) => process.stdout.write(out),
    (err: Error & { stderr?: string }) => {
      console.error('migration failed:', err.stderr || err.message);
      process.exit(1);
    },
  );
}
