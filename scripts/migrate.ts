// Applies prisma/migrations/*.sql with dbmate (the same files for PGlite and PostgreSQL).
// `npm run db:migrate` uses DATABASE_URL; start.ts and the tests call migrate() directly.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..');

export async function migrate(databaseUrl: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    join(root, 'node_modules', '.bin', 'dbmate'),
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
    (err) => {
      console.error('migration failed:', err.stderr || err.message);
      process.exit(1);
    },
  );
}
