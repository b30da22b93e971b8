// Who may learn what of a registration: the identity itself (GET /v1/youth/:ref/identity) and
// that an earlier registration of the same youth exists (possibleDuplicateOf).
import type { Client } from '@temporalio/client';
import type { Youth } from '../prisma/generated/client';
import type { AgencyType } from '../workflows/types';
import { activeConsent } from './consent';
import type { Db } from './db';
import { takesPartIn } from './youth-processes';
import { mergedGroup, survivorOf } from './youth-registry';

interface Agency {
  agencyId: string;
  agencyType: AgencyType;
  county: string;
}

/** Agency types that register identified youth and may be pointed at duplicates. */
export const identityRegistrars: readonly AgencyType[] = ['LE', 'PROBATION', 'SSA'];

const registeredByAdvocacy = async (db: Db, youth: Pick<Youth, 'registeredBy'>) =>
  (await db.agency.findUnique({ where: { id: youth.registeredBy }, select: { type: true } }))?.type === 'ADVOCACY';

/** The registering agency, or one with a part in a running process of the youth (or of a registration merged with it); pseudonymous registrations: only their agency. */
async function serves(db: Db, client: Client, youth: Youth, agency: Agency): Promise<boolean> {
  if (youth.registeredBy === agency.agencyId) return true;
  return !youth.pseudonymous && takesPartIn(client, agency.agencyId, await mergedGroup(db, await survivorOf(db, youth.ref)));
}

export async function servesYouth(db: Db, client: Client, youthRef: string, agency: Agency): Promise<boolean> {
  const youth = await db.youth.findUnique({ where: { ref: youthRef } });
  return youth !== null && serves(db, client, youth, agency);
}

/**
 * The registering agency always; otherwise an agency with a part in a running process of the
 * youth (or of a registration merged with it), and for an advocacy registration only under
 * consent covering identity for its agency type. Pseudonymous registrations: only their agency.
 */
export async function identityDecision(db: Db, client: Client, youth: Youth | null, agency: Agency): Promise<'released' | 'not-found' | 'no-consent'> {
  if (!youth || !(await serves(db, client, youth, agency))) return 'not-found';
  if (youth.registeredBy === agency.agencyId) return 'released';
  if ((await registeredByAdvocacy(db, youth)) && !(await activeConsent(db, youth.ref, agency.agencyType, 'identity'))) return 'no-consent';
  return 'released';
}

/** The earliest match the agency may learn of (as its survivor): advocacy registrations only under identity consent. */
export async function knownDuplicate(db: Db, agencyType: AgencyType, matches: Pick<Youth, 'ref' | 'registeredBy'>[]): Promise<string | undefined> {
  if (!identityRegistrars.includes(agencyType)) return undefined;
  for (const match of matches) {
    if ((await registeredByAdvocacy(db, match)) && !(await activeConsent(db, match.ref, agencyType, 'identity'))) continue;
    return survivorOf(db, match.ref);
  }
  return undefined;
}
