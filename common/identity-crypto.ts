// Envelope encryption of a youth's identifying details, and the blind index that finds an
// earlier registration without decrypting. A random data key per registration encrypts the
// details (AES-256-GCM); a master key from configuration wraps the data key. Old master keys
// still unwrap; new registrations (and rewrap) use the current one.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface Keyring {
  /** Master keys by id; each 32 bytes. */
  keys: ReadonlyMap<string, Buffer>;
  currentId: string;
}

export interface Sealed {
  keyId: string;
  wrappedKey: Uint8Array<ArrayBuffer>;
  details: Uint8Array<ArrayBuffer>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `kid:base64,kid:base64` (IDENTITY_KEYS) with the current id (IDENTITY_KEY_ID); fails on anything else. */
export function parseKeyring(list: string, currentId: string): Keyring {
  const keys = new Map<string, Buffer>();
  for (const entry of list
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=]+)$/.exec(entry);
    const key = match && Buffer.from(match[2], 'base64');
    if (!match || key?.length !== 32) throw new Error('IDENTITY_KEYS must be kid:base64 entries of 32-byte keys, comma-separated');
    keys.set(match[1], key);
  }
  if (!keys.has(currentId)) throw new Error(`IDENTITY_KEY_ID ${currentId} is not one of IDENTITY_KEYS`);
  return { keys, currentId };
}

// The AAD binds a ciphertext to its row: details moved to another reference do not decrypt.
function encrypt(key: Buffer, plaintext: Buffer, aad: string): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
}

function decrypt(key: Buffer, sealed: Uint8Array, aad: string): Buffer {
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(aad));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

function masterKey(keyring: Keyring, keyId: string): Buffer {
  const key = keyring.keys.get(keyId);
  if (!key) throw new Error(`identity master key ${keyId} is not configured (IDENTITY_KEYS)`);
  return key;
}

const wrap = (keyring: Keyring, ref: string, dataKey: Buffer) => ({
  keyId: keyring.currentId,
  wrappedKey: encrypt(masterKey(keyring, keyring.currentId), dataKey, `${ref}/${keyring.currentId}`),
});

const unwrap = (keyring: Keyring, ref: string, s: Pick<Sealed, 'keyId' | 'wrappedKey'>) =>
  decrypt(masterKey(keyring, s.keyId), s.wrappedKey, `${ref}/${s.keyId}`);

export function seal(keyring: Keyring, ref: string, details: unknown): Sealed {
  const dataKey = randomBytes(32);
  return { ...wrap(keyring, ref, dataKey), details: encrypt(dataKey, Buffer.from(JSON.stringify(details)), ref) };
}

export function unseal<T>(keyring: Keyring, ref: string, sealed: Sealed): T {
  return JSON.parse(decrypt(unwrap(keyring, ref, sealed), sealed.details, ref).toString('utf8')) as T;
}

/** The same data key wrapped with the current master key; the details' ciphertext is unchanged. */
export const rewrap = (keyring: Keyring, ref: string, sealed: Sealed) => wrap(keyring, ref, unwrap(keyring, ref, sealed));

/** Lower case, no accents, letters only: "José  O'Neil" and "jose oneil" index alike. */
const normalise = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');

/** HMAC-SHA256 of the normalised name and a birth year; only this is stored, never its input. */
export function blindIndex(key: string, name: { given: string; family: string }, birthYear: number): string {
  return createHmac('sha256', key)
    .update(`${normalise(name.given)}\n${normalise(name.family)}\n${birthYear}`)
    .digest('base64url');
}
