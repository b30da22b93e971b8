// Merging a duplicate registration into another, and undoing a wrong merge (LE, Probation, SSA).
// Processes stay filed under the reference they were opened with; lists of the survivor include
// those of the registrations merged into it, and an unmerge separates them again.
import { Router } from 'express';
import { identityRegistrars as mergers } from '../common/identity-access';
import { mergeYouth, unmergeYouth } from '../common/youth-registry';
import { audit } from './audit';
import { callerOf } from './auth';
import type { ApiDeps } from './deps';
import { forbidden } from './errors';
import { authErrors, error, json, security } from './openapi';
import { route } from './routes';
import { registry, YouthParams } from './schemas';
import { validate } from './validate';
import { rethrowRegistry } from './youth-access';
import { MergeAnswer, MergeBody, UnmergeBody } from './youth-schemas';

const mergeErrors = {
  400: error('VALIDATION_FAILED'),
  ...authErrors,
  403: error('FORBIDDEN: only LE, Probation and SSA merge registrations'),
  404: error('YOUTH_NOT_FOUND: a reference is not registered (pseudonymous ones are never found here)'),
};

registry.registerPath({
  method: 'post',
  path: '/v1/youth/{youthRef}/merge',
  summary: 'Merge a duplicate registration into another (the survivor); its processes are listed with the survivor',
  security,
  request: { params: YouthParams, body: { required: true, content: { 'application/json': { schema: MergeBody } } } },
  responses: {
    200: json(MergeAnswer, 'Merged'),
    ...mergeErrors,
    409: error('ALREADY_MERGED; MERGE_REFUSED: into itself, or into a registration that is itself merged'),
  },
});

registry.registerPath({
  method: 'post',
  path: '/v1/youth/{youthRef}/unmerge',
  summary: 'Undo the merge of a registration; its processes are listed under it again',
  security,
  request: { params: YouthParams, body: { required: true, content: { 'application/json': { schema: UnmergeBody } } } },
  responses: { 200: json(MergeAnswer, 'Separated'), ...mergeErrors, 409: error('NOT_MERGED') },
});

export function youthMergeRoutes({ db }: ApiDeps): Router {
  const router = Router();
  route(router, '/youth/:youthRef/merge', {
    post: async (req, res) => {
      const { params, body } = validate(req, { params: YouthParams, body: MergeBody });
      const caller = callerOf(res);
      if (!mergers.includes(caller.agencyType)) throw forbidden('Only LE, Probation and SSA merge registrations');
      await mergeYouth(db, { ref: params.youthRef, into: body.into, reason: body.reason, actor: caller.agencyId }).catch(rethrowRegistry);
      // The reason stays in the merge history (YouthMerge), out of the audit row.
      await audit(db, { actor: caller.agencyId, action: 'api.youth.merge', detail: { youthRef: params.youthRef, into: body.into } });
      res.json({ youthRef: params.youthRef, mergedInto: body.into });
    },
  });
  route(router, '/youth/:youthRef/unmerge', {
    post: async (req, res) => {
      const { params, body } = validate(req, { params: YouthParams, body: UnmergeBody });
      const caller = callerOf(res);
      if (!mergers.includes(caller.agencyType)) throw forbidden('Only LE, Probation and SSA unmerge registrations');
      const from = await unmergeYouth(db, { ref: params.youthRef, reason: body.reason, actor: caller.agencyId }).catch(rethrowRegistry);
      await audit(db, { actor: caller.agencyId, action: 'api.youth.unmerge', detail: { youthRef: params.youthRef, from } });
      res.json({ youthRef: params.youthRef, mergedInto: null });
    },
  });
  return router;
}
