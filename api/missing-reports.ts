// A missing youth (MOU Probation §8, LE §5): Probation, LE and SSA (for a placement) report the
// youth missing; the first report opens the youth's episode, later ones join it. Any party of the
// episode reports the youth located.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { reportMissingYouth } from '../common/processes';
import { MISSING_YOUTH } from '../workflows/missing-youth-input';
import { recordLocated } from '../workflows/missing-youth-messages';
import type { AgencyType } from '../workflows/types';
import { audit } from './audit';
import { actorOf, callerOf } from './auth';
import type { ApiDeps } from './deps';
import { forbidden } from './errors';
import { LocatedAnswerView, LocatedBody, MissingReportAnswer, NewMissingReport } from './missing-youth-schemas';
import { rethrowFor } from './need-to-know';
import { authErrors, created, error, json, security } from './openapi';
import { route } from './routes';
import { ProcessParams, registry } from './schemas';
import { processNotFound, rethrowTemporal } from './temporal-errors';
import { validate } from './validate';
import { requireYouth } from './youth-access';

/** Placements report through SSA (source PLACEMENT). */
const reporters: readonly AgencyType[] = ['PROBATION', 'LE', 'SSA'];

registry.registerPath({
  method: 'post',
  path: '/v1/missing-reports',
  summary: 'Report a youth missing (MOU Probation §8, LE §5): Probation, LE and SSA',
  description:
    "Opens the youth's missing episode (process id `missing-youth/<youthRef>`), or joins the one already open: a report that joins " +
    'answers 200 with the same `processId` and `attached: true`, and starts, drafts and sends nothing new. Once an episode has ended, a report opens a new one.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: NewMissingReport } } } },
  responses: {
    201: created(MissingReportAnswer, 'Episode opened'),
    200: json(MissingReportAnswer, 'The report joined the open episode'),
    400: error('VALIDATION_FAILED or INVALID_JSON'),
    ...authErrors,
    403: error('FORBIDDEN: the caller is not a Probation, LE or SSA agency (or is of another county than the open episode)'),
    404: error('YOUTH_NOT_FOUND: the youth reference is not registered (POST /v1/youth)'),
    409: error('WRONG_STATE: the open episode is past its missing phase (the youth was found); report again once it ends'),
  },
});

registry.registerPath({
  method: 'post',
  path: '/v1/missing-reports/{processId}/located',
  summary: 'Report the missing youth located (any agency of the episode)',
  description:
    'Withdraws the missing-phase steps and opens the recovery steps: the warrant recall (if a warrant request was drafted), the advocate’s contact, a health check referral and the debrief.',
  security,
  request: { params: ProcessParams, body: { required: true, content: { 'application/json': { schema: LocatedBody } } } },
  responses: {
    200: json(LocatedAnswerView, 'What the report withdrew and opened'),
    400: error('VALIDATION_FAILED or INVALID_JSON'),
    ...authErrors,
    403: error('FORBIDDEN: an administrator’s key'),
    404: error('PROCESS_NOT_FOUND: no such episode, or none your agency takes part in'),
    409: error('WRONG_STATE: already reported located; PROCESS_CLOSED: the episode has ended'),
  },
});

export function missingReportRoutes({ client, db, taskQueue }: ApiDeps): Router {
  const router = Router();

  route(router, '/missing-reports', {
    post: async (req, res) => {
      const { body } = validate(req, { body: NewMissingReport });
      const caller = callerOf(res);
      if (!reporters.includes(caller.agencyType)) throw forbidden('Only Probation, LE and SSA agencies report a missing youth');
      await requireYouth(db, body.youthRef, caller);
      const { youthRef, ...report } = body;
      // The reporting agency and county come from the key, never from the body.
      const input = { youthRef, county: caller.county, report: { ...report, reportId: randomUUID(), agencyId: caller.agencyId } };
      const answer = await reportMissingYouth(client, taskQueue, input, actorOf(caller)).catch(rethrowTemporal);
      await audit(db, {
        actor: caller.agencyId,
        action: answer.attached ? 'api.missing-report.attach' : 'api.missing-report.create',
        workflowId: answer.processId,
      });
      res
        .status(answer.attached ? 200 : 201)
        .location(`/v1/processes/${encodeURIComponent(answer.processId)}`)
        .json(answer);
    },
  });

  route(router, '/missing-reports/:processId/located', {
    post: async (req, res) => {
      const { params, body } = validate(req, { params: ProcessParams, body: LocatedBody });
      if (!params.processId.startsWith(`${MISSING_YOUTH}/`)) throw processNotFound();
      const actor = actorOf(callerOf(res));
      const answer = await client.workflow
        .getHandle(params.processId)
        .executeUpdate(recordLocated, { args: [{ ...body, actor }] })
        .catch(rethrowFor(client, params.processId, actor));
      await audit(db, { actor: actor.agencyId, action: 'api.missing-report.located', workflowId: params.processId });
      res.json(answer);
    },
  });
  return router;
}
