// An agency's own case number (encounter id, booking ref) never enters a workflow id: the id
// carries a keyed hash of it instead. Deterministic, so the same case always maps to the same
// process id and a repeat still collides in Temporal.
import { createHmac } from 'node:crypto';
import { encodeBase32 } from './crockford';

const CASE_KEY_LENGTH = 16; // 80 bits

export function caseKey(caseIndexKey: string, agencyId: string, caseNumber: string): string {
  const mac = createHmac('sha256', caseIndexKey).update(`${agencyId}\n${caseNumber}`).digest();
  return encodeBase32(mac, CASE_KEY_LENGTH);
}
