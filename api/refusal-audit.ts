// Every refusal the API answers (any 4xx: a missing or refused key, a forbidden or hidden process,
// a refused Update, a bad, expired or used link) leaves exactly one audit row: who asked, the
// route's pattern (never the raw URL), the process and step when their ids are valid, the status
// and code. Never the request's contents. Written before the answer is sent.
import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { LinkClaims } from '../common/links';
import { audit } from './audit';
import type { Caller } from './auth';
import type { ApiDeps } from './deps';
import { knownError } from './errors';
import { routeOf } from './routes';
import { ProcessId, StepId } from './schemas';

/** links.ts names the link once its signature checked out (even if expired): the refusal is then the link's agency's. */
export const attributeToLink = (res: Response, claims: LinkClaims) => void (res.locals.link = claims);

/** A refusal not worth a row of its own (rate limiting: one row per window, not one per request). */
export const skipRefusalAudit = (res: Response) => void (res.locals.refusalAudited = true);

const valid = (schema: z.ZodType<string>, value: unknown) => schema.safeParse(value).data;

export function auditRefusals({ db, log }: Pick<ApiDeps, 'db' | 'log'>): ErrorRequestHandler {
  return async (err, req, res, next) => {
    const refusal = knownError(err);
    // Mounted at the link router's edge and the app's: whichever sees the refusal first writes its row.
    if (!refusal || refusal.status >= 500 || res.headersSent || res.locals.refusalAudited) return next(err);
    res.locals.refusalAudited = true;
    const route = routeOf(req, res);
    const caller = res.locals.caller as Caller | undefined;
    const link = res.locals.link as LinkClaims | undefined;
    const row = {
      actor: caller?.agencyId ?? (link ? `link:${link.agency}` : 'anonymous'),
      action: 'api.refused',
      workflowId: link?.wid ?? valid(ProcessId, route?.params.processId),
      stepId: link?.step ?? valid(StepId, route?.params.stepId),
      detail: { method: req.method, route: route?.pattern ?? '(no route)', status: refusal.status, code: refusal.code },
    };
    try {
      await audit(db, row);
    } catch (auditErr) {
      // The refusal is still answered: a 500 instead would hide the real answer from a rightful
      // caller and help no one; operators are told loudly instead.
      log.error({ err: auditErr, refusal: row }, 'AUDIT WRITE FAILED: a refusal was answered without its audit row');
    }
    next(err);
  };
}
