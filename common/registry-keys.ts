// The youth registry's keys, from configuration; a missing or malformed one fails at start.
import { type Config, required } from './config';
import { type Keyring, parseKeyring } from './identity-crypto';

export interface RegistryKeys {
  identity: Keyring;
  blindIndexKey: string;
  caseIndexKey: string;
}

export const registryKeys = (config: Config): RegistryKeys => ({
  identity: parseKeyring(required(config, 'IDENTITY_KEYS'), required(config, 'IDENTITY_KEY_ID')),
  blindIndexKey: required(config, 'BLIND_INDEX_KEY'),
  caseIndexKey: required(config, 'CASE_INDEX_KEY'),
});
