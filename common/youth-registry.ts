// The youth registry: registrations with sealed identifying details, the blind-index look-up of
// an earlier registration, and merges. A merged registration keeps its reference (its processes
// stay filed under it); the survivor's group is the survivor and every registration merged into it.
import type { Prisma } from '../prisma/generated/client';
import type { Db } from './db';
import { blindIndex, seal, unseal, rewrap } from './identity-crypto';
import type { RegistryKeys } from './registry-keys';
import { newYouthRef } from './youth-ref';

export interface IdentifyingDetails {
  name: { given: string; family: string };
  dateOfBirth?: string;
  estimatedAge?: number;
  aliases: string[];
  /** When the details were taken: an estimated age is relative to it. */
  recordedAt: string;
}

/** A refusal the registry owns; the API answers it with its status and code. */
export class RegistryRefusal extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const youthNotFound = () => new RegistryRefusal(404, 'YOUTH_NOT_FOUND', 'No such youth registration');

const birthYearOf = (d: IdentifyingDetails) =>
  d.dateOfBirth ? Number(d.dateOfBirth.slice(0, 4)) : new Date(d.recordedAt).getUTCFullYear() - (d.estimatedAge ?? 0);

export interface Registered {
  ref: string;
  /** Earlier registrations whose blind index matches (same normalised name, birth year within one). */
  matches: { ref: string; registeredBy: string }[];
}

export type ConsentInput = Omit<Prisma.YouthConsentUncheckedCreateInput, 'youthRef'>;

/** Registers a youth, with the consent it was registered under; without details, a pseudonymous reference that stores nothing identifying. */
export async function createRegistration(
  db: Db,
  keys: RegistryKeys,
  registeredBy: string,
  details?: IdentifyingDetails,
  consent?: ConsentInput,
): Promise<Registered> {
  const ref = newYouthRef();
  const consents = consent && { create: [consent] };
  if (!details) {
    await db.youth.create({ data: { ref, registeredBy, pseudonymous: true, consents } });
    return { ref, matches: [] };
  }
  const year = birthYearOf(details);
  // Dates of birth of exploited youth are often false and ages estimated: a year either side still matches.
  const candidates = [year - 1, year, year + 1].map((y) => blindIndex(keys.blindIndexKey, details.name, y));
  const matches = await db.youth.findMany({
    where: { blindIndex: { in: candidates }, pseudonymous: false },
    select: { ref: true, registeredBy: true },
    orderBy: { createdAt: 'asc' },
  });
  await db.youth.create({ data: { ref, registeredBy, ...seal(keys.identity, ref, details), blindIndex: candidates[1], consents } });
  return { ref, matches };
}

export async function findYouth(db: Db, ref: string) {
  return db.youth.findUnique({ where: { ref } });
}

export function identityOf(keys: RegistryKeys, youth: NonNullable<Awaited<ReturnType<typeof findYouth>>>): IdentifyingDetails | null {
  if (!youth.keyId || !youth.wrappedKey || !youth.details) return null;
  return unseal<IdentifyingDetails>(keys.identity, youth.ref, { keyId: youth.keyId, wrappedKey: youth.wrappedKey, details: youth.details });
}

/** The registration a merged one now answers as (itself when not merged). */
export async function survivorOf(db: Db, ref: string): Promise<string> {
  const seen = new Set<string>();
  let current = ref;
  for (;;) {
    seen.add(current);
    const row = await db.youth.findUnique({ where: { ref: current }, select: { mergedInto: true } });
    if (!row?.mergedInto || seen.has(row.mergedInto)) return current;
    current = row.mergedInto;
  }
}

/** The survivor and every registration merged into it, directly or through another. */
export async function mergedGroup(db: Db, survivor: string): Promise<string[]> {
  const group = [survivor];
  for (let frontier = [survivor]; frontier.length > 0;) {
    const rows = await db.youth.findMany({ where: { mergedInto: { in: frontier } }, select: { ref: true } });
    frontier = rows.map((r) => r.ref).filter((r) => !group.includes(r));
    group.push(...frontier);
  }
  return group;
}

interface MergeChange {
  ref: string;
  reason: string;
  actor: string;
}

/** Merges `ref` (a duplicate) into `into` (the survivor). Pseudonymous registrations are not found. */
export async function mergeYouth(db: Db, { ref, into, reason, actor }: MergeChange & { into: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const rows = await tx.youth.findMany({ where: { ref: { in: [ref, into] }, pseudonymous: false } });
    const [duplicate, survivor] = [ref, into].map((r) => rows.find((row) => row.ref === r));
    if (!duplicate || !survivor) throw youthNotFound();
    if (ref === into) throw new RegistryRefusal(409, 'MERGE_REFUSED', 'A registration cannot be merged into itself');
    if (duplicate.mergedInto) throw new RegistryRefusal(409, 'ALREADY_MERGED', `This registration is already merged into ${duplicate.mergedInto}`);
    if (survivor.mergedInto) throw new RegistryRefusal(409, 'MERGE_REFUSED', `${into} is itself merged into ${survivor.mergedInto}: merge into that one`);
    // Only a survivor may take others in, so no cycle can form.
    await tx.youth.update({ where: { ref }, data: { mergedInto: into } });
    await tx.youthMerge.create({ data: { youthRef: ref, action: 'MERGE', survivor: into, reason, actor } });
  });
}

/** Undoes the merge of `ref`: it and whatever was merged into it answer for themselves again. */
export async function unmergeYouth(db: Db, { ref, reason, actor }: MergeChange): Promise<string> {
  return db.$transaction(async (tx) => {
    const row = await tx.youth.findUnique({ where: { ref } });
    if (!row || row.pseudonymous) throw youthNotFound();
    if (!row.mergedInto) throw new RegistryRefusal(409, 'NOT_MERGED', 'This registration is not merged');
    await tx.youth.update({ where: { ref }, data: { mergedInto: null } });
    await tx.youthMerge.create({ data: { youthRef: ref, action: 'UNMERGE', survivor: row.mergedInto, reason, actor } });
    return row.mergedInto;
  });
}

/** Re-wraps every data key not under the current master key; answers how many rows changed. */
export async function rewrapIdentities(db: Db, keys: RegistryKeys): Promise<number> {
  const stale = await db.youth.findMany({ where: { keyId: { not: null, notIn: [keys.identity.currentId] } } });
  for (const youth of stale) {
    const wrapped = rewrap(keys.identity, youth.ref, { keyId: youth.keyId!, wrappedKey: youth.wrappedKey!, details: youth.details! });
    // Only if no one re-wrapped it meanwhile.
    await db.youth.updateMany({ where: { ref: youth.ref, keyId: youth.keyId }, data: wrapped });
  }
  return stale.length;
}
