// An advocacy client's consent to share (MOU Advocacy §8; VAWA/VOCA): written, time-limited,
// revocable. What it does not cover reaches no other agency type.
import type { Db } from './db';
import type { AgencyType, ConsentCategory } from '../workflows/types';

export type { ConsentCategory };
export const consentCategories = ['identity', 'service-status', 'service-details'] as const satisfies readonly ConsentCategory[];

/** Whether a consent recorded for the youth lets `category` reach agencies of `agencyType` at `now`. */
export async function activeConsent(db: Db, youthRef: string, agencyType: AgencyType, category: ConsentCategory, now = new Date()): Promise<boolean> {
  const found = await db.youthConsent.findFirst({
    where: { youthRef, revokedAt: null, validUntil: { gt: now }, categories: { has: category }, agencyTypes: { has: agencyType } },
    select: { id: true },
  });
  return found !== null;
}

/** Every category a live consent lets reach agencies of `agencyType` (none for a caller without a type, e.g. a link). */
export async function consentedCategories(db: Db, youthRef: string, agencyType: AgencyType | undefined, now = new Date()): Promise<ConsentCategory[]> {
  if (!agencyType) return [];
  const rows = await db.youthConsent.findMany({
    where: { youthRef, revokedAt: null, validUntil: { gt: now }, agencyTypes: { has: agencyType } },
    select: { categories: true },
  });
  return [...new Set(rows.flatMap((r) => r.categories as ConsentCategory[]))];
}
