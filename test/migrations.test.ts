// The committed SQL migrations must build exactly the schema that prisma/schema.prisma
// describes: the DDL Prisma derives from the schema is applied to a scratch database and
// its catalog compared with the test database, which the migrations built.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

const root = join(__dirname, '..');
const migrated = process.env.CSEC_TEST_DATABASE_URL!;
const scratchName = `csec_drift_${process.pid}`;
const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

async function catalog(url: string) {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const q = async (sql: string) => (await db.query(sql)).rows;
    return {
      columns: await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns
                        WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1, 2`),
      indexes: await q(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`),
      constraints: await q(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                            WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '%schema_migrations%' ORDER BY 1, 2`),
      enums: await q(`SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY 1, e.enumsortorder`),
    };
  } finally {
    await db.end();
  }
}

test('prisma/migrations builds the schema that schema.prisma describes', async () => {
  const ddl = execFileSync(
    'bash',
    [join(root, 'scripts', 'prisma.sh'), 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: migrated },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  ).toString();
  const admin = new Client({ connectionString: migrated });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${scratchName}`);
  try {
    const scratch = new Client({ connectionString: withDatabase(migrated, scratchName) });
    await scratch.connect();
    await scratch.query(ddl);
    await scratch.end();
    expect(await catalog(withDatabase(migrated, scratchName))).toEqual(await catalog(migrated));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
    await admin.end();
  }
});
