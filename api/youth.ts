// The youth registry: register a youth (POST /v1/youth), release a registration's identity to an
// agency with a part in the youth's processes (GET …/identity), and list a youth's processes.
// A merged registration's processes list is its survivor's: the survivor and all merged into it.
import { Router } from 'express';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { identityDecision, identityRegistrars, knownDuplicate } from '../common/identity-access';
import { listYouthProcesses, needToKnow } from '../common/youth-processes';
import { createRegistration, findYouth, identityOf, mergedGroup, survivorOf } from '../common/youth-registry';
import * as attributes from '../workflows/search-attributes';
import { audit } from './audit';
import { callerOf } from './auth';
import type { ApiDeps } from './deps';
import { ApiError, forbidden } from './errors';
import { authErrors, created, error, json, security } from './openapi';
import { route } from './routes';
import { registry, YouthParams } from './schemas';
import { validate } from './validate';
import { youthNotFound } from './youth-access';
import { NewYouth, YouthIdentity, YouthRegistered } from './youth-schemas';

registry.registerPath({
  method: 'post',
  path: '/v1/youth',
  summary: "Register a youth's identifying details; answers the system-issued reference (LE, Probation, SSA, advocacy)",
  description:
    'The details are encrypted at rest; processes carry only the reference. An advocacy agency registers either with the written consent ' +
    'it recorded (`consent`) or pseudonymously (`{"pseudonymous": true}`, no details; no other agency can resolve the reference).',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: NewYouth } } } },
  responses: {
    201: created(YouthRegistered, 'Registered'),
    400: error(
      'VALIDATION_FAILED; CONSENT_REQUIRED: advocacy without consent must register pseudonymously; INVALID_REQUEST: consent or pseudonymity from a non-advocacy agency',
    ),
    ...authErrors,
    403: error('FORBIDDEN: the caller may not register youth'),
  },
});

registry.registerPath({
  method: 'get',
  path: '/v1/youth/{youthRef}/identity',
  summary: "A registration's identifying details, for an agency taking part in one of the youth's running processes",
  description:
    'The registering agency always; otherwise only an agency that opened or takes part in a running process of the youth (or of a registration ' +
    'merged with it). Details an advocacy agency registered reach other agency types only under active consent covering `identity`. ' +
    'Every call is audited before anything is answered.',
  security,
  request: { params: YouthParams },
  responses: {
    200: json(YouthIdentity, 'The details'),
    400: error('VALIDATION_FAILED'),
    ...authErrors,
    403: error('NO_CONSENT: registered by an advocacy agency, without consent covering identity for your agency type'),
    404: error('YOUTH_NOT_FOUND: no such registration, or none you take part in'),
  },
});

function summary(info: WorkflowExecutionInfo) {
  const sa = info.typedSearchAttributes;
  return {
    processId: info.workflowId,
    obligation: sa.get(attributes.Obligation) ?? null,
    status: info.status.name,
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString() ?? null,
    owingAgencies: sa.get(attributes.OwingAgency) ?? [],
    overdue: sa.get(attributes.Overdue) ?? false,
    escalationLevel: sa.get(attributes.EscalationLevel) ?? 0,
    nextDeadline: sa.get(attributes.NextDeadline)?.toISOString() ?? null,
  };
}

export function youthRoutes({ client, db, keys }: ApiDeps): Router {
  const router = Router();

  route(router, '/youth', {
    post: async (req, res) => {
      const { body } = validate(req, { body: NewYouth });
      const caller = callerOf(res);
      const advocacy = caller.agencyType === 'ADVOCACY';
      if (!advocacy && !identityRegistrars.includes(caller.agencyType)) throw forbidden('Only LE, Probation, SSA and advocacy agencies register youth');
      if (!advocacy && (body.consent || body.pseudonymous))
        throw new ApiError(400, 'INVALID_REQUEST', 'Only advocacy agencies record consent or register pseudonymously');
      if (advocacy && !body.consent && !body.pseudonymous)
        throw new ApiError(400, 'CONSENT_REQUIRED', 'Without recorded written consent an advocacy agency registers pseudonymously: {"pseudonymous": true}');
      const details = body.name && {
        name: body.name,
        dateOfBirth: body.dateOfBirth,
        estimatedAge: body.estimatedAge,
        aliases: body.aliases ?? [],
        recordedAt: new Date().toISOString(),
      };
      const consent = body.consent && {
        ...body.consent,
        parentNotSuspectedExploiter: body.consent.parentNotSuspectedExploiter ?? false,
        recordedBy: caller.agencyId,
      };
      const { ref, matches } = await createRegistration(db, keys, caller.agencyId, details, consent);
      const possibleDuplicateOf = await knownDuplicate(db, caller.agencyType, matches);
      // References only: never the details.
      await audit(db, {
        actor: caller.agencyId,
        action: 'api.youth.register',
        detail: { youthRef: ref, ...(possibleDuplicateOf && { possibleDuplicateOf }) },
      });
      res
        .status(201)
        .location(`/v1/youth/${ref}/identity`)
        .json({ youthRef: ref, ...(possibleDuplicateOf && { possibleDuplicateOf }) });
    },
  });

  route(router, '/youth/:youthRef/identity', {
    get: async (req, res) => {
      const { params } = validate(req, { params: YouthParams });
      const caller = callerOf(res);
      const youthRef = params.youthRef;
      const record = (outcome: string) => audit(db, { actor: caller.agencyId, action: 'api.youth.identity', detail: { youthRef, outcome } });
      const youth = await findYouth(db, youthRef);
      const decision = await identityDecision(db, client, youth, caller);
      if (decision === 'not-found' || !youth) {
        await record(decision);
        throw youthNotFound();
      }
      if (decision === 'no-consent') {
        await record(decision);
        throw new ApiError(403, 'NO_CONSENT', "The youth's consent does not cover releasing identity to your agency type");
      }
      const details = identityOf(keys, youth);
      // Written before anything is answered: if the audit fails, so does the read.
      await record('released');
      res.json({ youthRef, mergedInto: youth.mergedInto, pseudonymous: youth.pseudonymous, ...details });
    },
  });

  route(router, '/youth/:youthRef/processes', {
    get: async (req, res) => {
      const { params } = validate(req, { params: YouthParams });
      const caller = callerOf(res);
      const survivor = await survivorOf(db, params.youthRef);
      const infos = await listYouthProcesses(client, await mergedGroup(db, survivor), needToKnow(caller));
      await audit(db, { actor: caller.agencyId, action: 'api.youth.read', detail: { youthRef: params.youthRef } });
      res.json({ youthRef: survivor, processes: infos.map(summary) });
    },
  });
  return router;
}
