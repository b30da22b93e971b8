// An advocacy agency records its client's written consent to share, and its revocation
// (MOU Advocacy §8). activeConsent (common/consent.ts) reads them.
import { Router } from 'express';
import { servesYouth } from '../common/identity-access';
import type { YouthConsent } from '../prisma/generated/client';
import { audit } from './audit';
import { type Caller, callerOf } from './auth';
import type { ApiDeps } from './deps';
import { ApiError, forbidden } from './errors';
import { authErrors, created, error, json, security } from './openapi';
import { route } from './routes';
import { registry, YouthParams } from './schemas';
import { validate } from './validate';
import { youthNotFound } from './youth-access';
import { ConsentParams, ConsentView, NewConsent } from './youth-schemas';

const consentErrors = {
  400: error('VALIDATION_FAILED'),
  ...authErrors,
  403: error('FORBIDDEN: only advocacy agencies record consent'),
};

registry.registerPath({
  method: 'post',
  path: '/v1/youth/{youthRef}/consents',
  summary: "Record the youth's (or a non-exploiting parent's) written, time-limited consent to share (advocacy, for youth it registered or serves)",
  security,
  request: { params: YouthParams, body: { required: true, content: { 'application/json': { schema: NewConsent } } } },
  responses: {
    201: created(ConsentView, 'Recorded'),
    ...consentErrors,
    404: error('YOUTH_NOT_FOUND: not a youth your agency registered or takes part in a running process of'),
  },
});

registry.registerPath({
  method: 'post',
  path: '/v1/youth/{youthRef}/consents/{consentId}/revoke',
  summary: 'Revoke a consent your agency recorded; revoking again changes nothing',
  security,
  request: { params: ConsentParams },
  responses: { 200: json(ConsentView, 'Revoked'), ...consentErrors, 404: error('CONSENT_NOT_FOUND') },
});

const view = (c: YouthConsent) => ({
  id: c.id,
  youthRef: c.youthRef,
  consentedBy: c.consentedBy,
  categories: c.categories,
  agencyTypes: c.agencyTypes,
  validUntil: c.validUntil.toISOString(),
  revokedAt: c.revokedAt?.toISOString() ?? null,
  documentRef: c.documentRef,
});

function advocacyOnly(caller: Caller): void {
  if (caller.agencyType !== 'ADVOCACY') throw forbidden('Only advocacy agencies record consent');
}

export function youthConsentRoutes({ client, db }: ApiDeps): Router {
  const router = Router();
  route(router, '/youth/:youthRef/consents', {
    post: async (req, res) => {
      const { params, body } = validate(req, { params: YouthParams, body: NewConsent });
      const caller = callerOf(res);
      advocacyOnly(caller);
      if (!(await servesYouth(db, client, params.youthRef, caller))) throw youthNotFound();
      const consent = await db.youthConsent.create({
        data: { ...body, parentNotSuspectedExploiter: body.parentNotSuspectedExploiter ?? false, youthRef: params.youthRef, recordedBy: caller.agencyId },
      });
      await audit(db, { actor: caller.agencyId, action: 'api.youth.consent', detail: { youthRef: params.youthRef, consentId: consent.id } });
      res.status(201).location(`/v1/youth/${params.youthRef}/consents/${consent.id}`).json(view(consent));
    },
  });
  route(router, '/youth/:youthRef/consents/:consentId/revoke', {
    post: async (req, res) => {
      const { params } = validate(req, { params: ConsentParams });
      const caller = callerOf(res);
      advocacyOnly(caller);
      const where = { id: params.consentId, youthRef: params.youthRef, recordedBy: caller.agencyId };
      // Only a consent still in force gets a revocation time; a repeat answers the first one.
      await db.youthConsent.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
      const consent = await db.youthConsent.findFirst({ where });
      if (!consent) throw new ApiError(404, 'CONSENT_NOT_FOUND', 'No such consent recorded by your agency');
      await audit(db, { actor: caller.agencyId, action: 'api.youth.consent-revoke', detail: { youthRef: params.youthRef, consentId: consent.id } });
      res.json(view(consent));
    },
  });
  return router;
}
