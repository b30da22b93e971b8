// API keys look like `csec_<prefix>_<secret>`; the prefix finds the row, the secret is
// stored only as a SHA-256 hash and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const FORMAT = /^csec_([a-z0-9]{6,32})_([A-Za-z0-9_-]{20,128})$/;

/** The demo county's fixed keys (prisma/seed.ts) have prefixes `demo…`; generated ones are hex and never do. */
export const DEMO_KEY_PREFIX = 'demo';
export const isDemoPrefix = (prefix: string) => prefix.startsWith(DEMO_KEY_PREFIX);

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = FORMAT.exec(key);
  return match ? { prefix: match[1], secret: match[2] } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { key: `csec_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}
