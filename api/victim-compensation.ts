// The youth's victim-of-crime claim (MOU DA §4; Advocacy §3): the advocate or the DA's VW
// consultant opens the youth's one claim process (or joins it, also when a subpoena opened it),
// reads it, and records its statuses as the board gives notice of them.
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { openVictimCompensation } from '../common/processes';
import type { AgencyType } from '../workflows/types';
import type { OpenClaim } from '../workflows/victim-compensation-input';
import { victimCompensationId } from '../workflows/victim-compensation-link';
import { claimViewFor, recordClaimStatus } from '../workflows/victim-compensation-messages';
import { audit } from './audit';
import { actorOf, callerOf } from './auth';
import type { ApiDeps } from './deps';
import { ApiError, forbidden } from './errors';
import { rethrowFor } from './need-to-know';
import { authErrors, created, error, json, security } from './openapi';
import { route } from './routes';
import { registry, YouthParams } from './schemas';
import { processNotFound, rethrowTemporal } from './temporal-errors';
import { validate } from './validate';
import { ClaimViewSchema, NewClaim, OpenClaimAnswerSchema, StatusChangeBody } from './victim-compensation-schemas';
import { requireYouth } from './youth-access';

const openers: Partial<Record<AgencyType, OpenClaim['openedBy']>> = { ADVOCACY: 'ADVOCATE', DA: 'VW_CONSULTANT' };
const claimPath = (youthRef: string) => `/v1/victim-compensation/${youthRef}`;

registry.registerPath({
  method: 'post',
  path: '/v1/victim-compensation',
  summary: "Open the youth's victim-of-crime claim process, or join it (MOU DA §4; Advocacy §3): the advocate or the DA",
  description:
    'One claim process per youth (`victim-compensation/<youthRef>`), whoever opens it first: this route, or a subpoena (court support). ' +
    'Answers 201 when this request started it, 200 when it joined the open one (the caller becomes a party). A decided claim’s process has ended: ' +
    '409 CLAIM_DECIDED names it, and GET reads its decision.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: NewClaim } } } },
  responses: {
    201: created(OpenClaimAnswerSchema, 'Claim process opened'),
    200: json(OpenClaimAnswerSchema, 'Joined the open claim process'),
    400: error('VALIDATION_FAILED or INVALID_JSON'),
    ...authErrors,
    403: error('FORBIDDEN: the caller is neither an advocacy agency nor a DA office (or is an administrator)'),
    404: error('YOUTH_NOT_FOUND: the youth reference is not registered (POST /v1/youth)'),
    409: error('CLAIM_DECIDED: the claim was decided and its process has ended; `processId` names it'),
  },
});

registry.registerPath({
  method: 'get',
  path: '/v1/victim-compensation/{youthRef}',
  summary: "The youth's claim: status, history, appeal window and decision (parties, coordinators and administrators)",
  security,
  request: { params: YouthParams },
  responses: {
    200: json(ClaimViewSchema, 'The claim as recorded'),
    400: error('VALIDATION_FAILED'),
    ...authErrors,
    404: error('PROCESS_NOT_FOUND: no claim process for this youth, or none your agency takes part in'),
  },
});

registry.registerPath({
  method: 'put',
  path: '/v1/victim-compensation/{youthRef}/status',
  summary: "Record the claim's status as the board gives notice of it (the VW consultant's or the advocate's agency)",
  description:
    'FILED (once who verifies for the minor is settled: step `claim-verifier`) closes the filing step and starts the monthly checks; ' +
    'DENIED stops them and, the first time, opens the appeal step due 45 days after the notice; APPEALED (within that window) closes it and resumes ' +
    'the checks; APPROVED, or DENIED after an appeal, decides the claim (a first denial also becomes final when the youth does not appeal or the ' +
    'window passes): followers are told and the process ends. Recording the current status again answers the claim unchanged.',
  security,
  request: { params: YouthParams, body: { required: true, content: { 'application/json': { schema: StatusChangeBody } } } },
  responses: {
    200: json(ClaimViewSchema, 'The claim after the change'),
    400: error('VALIDATION_FAILED (e.g. a time in the future); INVALID_REQUEST: dated before the previous status'),
    ...authErrors,
    403: error('FORBIDDEN: neither the DA nor an advocacy agency of the county, or an administrator'),
    404: error('PROCESS_NOT_FOUND: no claim process for this youth, or none your agency takes part in'),
    409: error(
      'CLAIM_STATUS_NOT_ALLOWED: a jump the law does not allow (approved before filed, an appeal after the window or of an appealed denial, any change after the decision); ' +
        'WRONG_STATE: FILED before who verifies for the minor is settled; PROCESS_CLOSED: the process has ended',
    ),
  },
});

export function victimCompensationRoutes({ client, db, taskQueue }: ApiDeps): Router {
  const router = Router();

  route(router, '/victim-compensation', {
    post: async (req, res) => {
      const { body } = validate(req, { body: NewClaim });
      const caller = callerOf(res);
      const openedBy = openers[caller.agencyType];
      if (!openedBy || caller.admin) throw forbidden("Only the county's advocacy agency and the DA's VW consultant open a youth's claim");
      await requireYouth(db, body.youthRef, caller);
      const input = { youthRef: body.youthRef, county: caller.county, openedBy, openedByAgencyId: caller.agencyId };
      const answer = await openVictimCompensation(client, taskQueue, input, actorOf(caller)).catch((err: unknown) => {
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          throw new ApiError(409, 'CLAIM_DECIDED', "The youth's claim was decided; its process has ended", { processId: victimCompensationId(body.youthRef) });
        }
        return rethrowTemporal(err);
      });
      await audit(db, {
        actor: caller.agencyId,
        action: answer.started ? 'api.victim-compensation.create' : 'api.victim-compensation.join',
        workflowId: answer.processId,
      });
      res
        .status(answer.started ? 201 : 200)
        .location(claimPath(body.youthRef))
        .json(answer);
    },
  });

  route(router, '/victim-compensation/:youthRef', {
    get: async (req, res) => {
      const { params } = validate(req, { params: YouthParams });
      const view = await client.workflow
        .getHandle(victimCompensationId(params.youthRef))
        .query(claimViewFor, { actor: actorOf(callerOf(res)) })
        .catch(rethrowTemporal);
      if (!view) throw processNotFound();
      res.json(view);
    },
  });

  route(router, '/victim-compensation/:youthRef/status', {
    put: async (req, res) => {
      const { params, body } = validate(req, { params: YouthParams, body: StatusChangeBody });
      const actor = actorOf(callerOf(res));
      const processId = victimCompensationId(params.youthRef);
      const claim = await client.workflow
        .getHandle(processId)
        .executeUpdate(recordClaimStatus, { args: [{ ...body, actor }] })
        .catch(rethrowFor(client, processId, actor));
      await audit(db, { actor: actor.agencyId, action: `api.victim-compensation.${body.status.toLowerCase()}`, workflowId: processId });
      res.json(claim);
    },
  });
  return router;
}
