// An advocacy client's consent to share (MOU Advocacy §8; VAWA/VOCA): written, time-limited,
// revocable. What it does not cover reaches no other agency type.
import type { Db } from './db';
import type { AgencyType } from '../workflows/types';

export const consentCategories = ['identity', 'service-status', 'service-details'] as const;
export type ConsentCategory = (typeof consentCategories)[number];

/** Whether a consent recorded for the youth lets `category` reach agencies of `agencyType` at `now`. */
export async function activeConsent(db: Db, youthRef: string, agencyType: AgencyType, category: ConsentCategory, now = new Date()): Promise<boolean> {
  const found = await db.youthConsent.findFirst({
    where: { youthRef, revokedAt: null, validUntil: { gt: now }, categories: { has: category }, agencyTypes: { has: agencyType } },
    select: { id: true },
  });
  return found !== null;
}
