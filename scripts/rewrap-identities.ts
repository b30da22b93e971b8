// `npm run registry:rewrap`: re-wraps every youth registration's data key with the current
// identity master key (IDENTITY_KEY_ID), after a rotation; the old key may then be retired.
import { loadConfig, required } from '../common/config';
import { openDb } from '../common/db';
import { registryKeys } from '../common/registry-keys';
import { rewrapIdentities } from '../common/youth-registry';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDb(required(config, 'DATABASE_URL'));
  try {
    const keys = registryKeys(config);
    const count = await rewrapIdentities(db, keys);
    console.log(`Re-wrapped ${count} registration(s) with identity key ${keys.identity.currentId}.`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: Error) => {
  console.error('rewrap failed:', err.message);
  process.exit(1);
});
