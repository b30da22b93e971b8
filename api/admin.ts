// What every /v1/admin route checks first: the caller holds an administrator's key. Its
// county is the only one it may read or change.
import type { Caller } from './auth';
import { forbidden } from './errors';
import { error } from './openapi';

export function administrator(caller: Caller, what: string): Caller {
  if (!caller.admin) throw forbidden(`Only the county's administrators ${what}`);
  return caller;
}

export const adminForbidden = { 403: error("FORBIDDEN: the caller is not an administrator, or the record is another county's") };
