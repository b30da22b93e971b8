// The youth registry's keys, from configuration; a missing or malformed one fails at start.
import { type Config, required } from './config';
import { type Keyring, parseKeyring } from './identity-crypto';

export interface RegistryKeys {
  identity: Keyring;
  blindIndexKey: string;
  caseIndexKey: string;
}

export function registryKeys(config: Config): RegistryKeys {
  const keys = {
    identity: parseKeyring(required(config, 'IDENTITY_KEYS'), required(config, 'IDENTITY_KEY_ID')),
    blindIndexKey: required(config, 'BLIND_INDEX_KEY'),
    caseIndexKey: required(config, 'CASE_INDEX_KEY'),
  };
  // One key for both would let a case-number hash be tested against name hashes, and the reverse.
  if (keys.blindIndexKey === keys.caseIndexKey) throw new Error('BLIND_INDEX_KEY and CASE_INDEX_KEY must differ');
  return keys;
}
