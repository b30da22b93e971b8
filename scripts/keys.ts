// `npm run keys -- create --agency <id> [--admin] [--label <text>]`: provisions an API key and
//   prints its secret once (only its SHA-256 hash is stored; nobody can show it again);
// `npm run keys -- revoke --prefix <prefix>`: the key stops working on its next request;
// `npm run keys -- list`: every key's prefix, agency, label, admin, created and revoked; never a secret.
// Reads DATABASE_URL.
import { parseArgs } from 'node:util';
import { generateApiKey } from '../common/api-keys';
import { loadConfig, required } from '../common/config';
import { openDb, type Db } from '../common/db';

const MAX_LABEL = 100;

export async function createKey(
  db: Db,
  { agencyId, admin, label }: { agencyId: string; admin: boolean; label?: string },
): Promise<{ key: string; prefix: string }> {
  const agency = await db.agency.findUnique({ where: { id: agencyId } });
  if (!agency) throw new Error(`No agency ${agencyId} in the directory`);
  const text = (label ?? `${agencyId} key`).trim();
  if (!text || text.length > MAX_LABEL) throw new Error(`--label must be 1–${MAX_LABEL} characters`);
  const { key, prefix, secretHash } = generateApiKey();
  await db.apiKey.create({ data: { agencyId, admin, label: text, prefix, secretHash } });
  return { key, prefix };
}

/** False when the key was already revoked (its first revocation time stands). */
export async function revokeKey(db: Db, prefix: string): Promise<boolean> {
  const row = await db.apiKey.findUnique({ where: { prefix } });
  if (!row) throw new Error(`No API key with prefix ${prefix}`);
  if (row.revokedAt) return false;
  await db.apiKey.update({ where: { prefix }, data: { revokedAt: new Date() } });
  return true;
}

export function listKeys(db: Db) {
  return db.apiKey.findMany({
    select: { prefix: true, agencyId: true, label: true, admin: true, createdAt: true, revokedAt: true },
    orderBy: [{ agencyId: 'asc' }, { createdAt: 'asc' }],
  });
}

const usage = 'usage: npm run keys -- create --agency <id> [--admin] [--label <text>] | revoke --prefix <prefix> | list';

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { agency: { type: 'string' }, admin: { type: 'boolean', default: false }, label: { type: 'string' }, prefix: { type: 'string' } },
  });
  const [command] = positionals;
  const db = openDb(required(loadConfig(), 'DATABASE_URL'));
  try {
    if (command === 'create' && values.agency) {
      const { key, prefix } = await createKey(db, { agencyId: values.agency, admin: values.admin, label: values.label });
      console.error(`Created key ${prefix} for ${values.agency}${values.admin ? ' (administrator)' : ''}. This is the only time its secret is shown:`);
      console.log(key);
    } else if (command === 'revoke' && values.prefix) {
      const revoked = await revokeKey(db, values.prefix);
      console.log(revoked ? `Revoked ${values.prefix}` : `${values.prefix} was already revoked`);
    } else if (command === 'list') {
      const iso = (d: Date | null) => d?.toISOString() ?? '-';
      console.log(['prefix', 'agency', 'label', 'admin', 'created', 'revoked'].join('\t'));
      for (const k of await listKeys(db)) console.log([k.prefix, k.agencyId, k.label, k.admin, iso(k.createdAt), iso(k.revokedAt)].join('\t'));
    } else {
      throw new Error(usage);
    }
  } finally {
    await db.$disconnect();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
