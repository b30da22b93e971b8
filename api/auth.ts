// Every call acts as one agency, identified by its API key (Bearer or X-API-Key). Looked up
// on every request, so a revoked key stops working at once. The demo county's fixed keys work
// only against the demo database (ApiDeps.demo): anywhere else they are public knowledge.
import type { RequestHandler, Response } from 'express';
import { isDemoPrefix, parseApiKey, secretMatches } from '../common/api-keys';
import type { Db } from '../common/db';
import type { Actor, AgencyType } from '../workflows/types';
import { ApiError } from './errors';

export interface Caller {
  agencyId: string;
  agencyType: AgencyType;
  county: string;
  admin: boolean;
  /** The agency of the county's MDT coordinator: it sees every process of the county. */
  coordinator: boolean;
  /** The API key's public prefix: rate limits count per key. */
  keyPrefix: string;
}

const unauthenticated = () => new ApiError(401, 'UNAUTHENTICATED', 'A valid API key is required (Authorization: Bearer <key>)');

function presentedKey(authorization: string | undefined, apiKeyHeader: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return bearer?.[1] ?? apiKeyHeader?.trim();
}

export function authenticate(db: Db, demo: boolean): RequestHandler {
  return async (req, res, next) => {
    const key = presentedKey(req.get('authorization'), req.get('x-api-key'));
    const parsed = key ? parseApiKey(key) : null;
    if (!parsed || (!demo && isDemoPrefix(parsed.prefix))) throw unauthenticated();
    const row = await db.apiKey.findUnique({
      where: { prefix: parsed.prefix },
      include: { agency: { include: { representatives: { where: { role: 'MDT_COORDINATOR', active: true }, select: { id: true }, take: 1 } } } },
    });
    if (!row || row.revokedAt || !secretMatches(parsed.secret, row.secretHash)) throw unauthenticated();
    const { type: agencyType, county, outOfCounty, representatives } = row.agency;
    const coordinator = !outOfCounty && representatives.length > 0;
    const caller: Caller = { agencyId: row.agencyId, agencyType, county, admin: row.admin, coordinator, keyPrefix: row.prefix };
    res.locals.caller = caller;
    next();
  };
}

export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error('route is not behind authenticate()');
  return caller;
}

/** The caller as a workflow sees it: type and county let a step not yet open tell a possible owner from a stranger. */
export const actorOf = ({ agencyId, agencyType, county, admin, coordinator }: Caller): Actor => ({
  agencyId,
  agencyType,
  county,
  admin,
  coordinator,
  via: 'api',
});
