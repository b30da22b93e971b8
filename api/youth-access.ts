// The registry's answers as API errors, and the check every obligation endpoint makes first.
import type { Db } from '../common/db';
import { RegistryRefusal } from '../common/youth-registry';
import type { Caller } from './auth';
import { ApiError } from './errors';

export const youthNotFound = () => new ApiError(404, 'YOUTH_NOT_FOUND', 'No such youth registration (register the youth first: POST /v1/youth)');

/** A registry refusal becomes its API error; anything else is rethrown unchanged. */
export function rethrowRegistry(err: unknown): never {
  if (err instanceof RegistryRefusal) throw err.code === 'YOUTH_NOT_FOUND' ? youthNotFound() : new ApiError(err.status, err.code, err.message);
  throw err;
}

/** A process may be opened only for a registered youth; another agency's pseudonymous reference is not found. */
export async function requireYouth(db: Db, youthRef: string, caller: Caller): Promise<void> {
  const youth = await db.youth.findUnique({ where: { ref: youthRef }, select: { pseudonymous: true, registeredBy: true } });
  if (!youth || (youth.pseudonymous && youth.registeredBy !== caller.agencyId)) throw youthNotFound();
}
