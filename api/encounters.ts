// LE contact: a law-enforcement agency reports meeting a youth (the process starts), and later
// that a custody interview ended (the advocate's follow-up opens).
import { Router } from 'express';
import { startLeContact } from '../common/processes';
import { LE_CONTACT } from '../workflows/encounter';
import { recordInterviewEnded } from '../workflows/le-contact-messages';
import { audit } from './audit';
import { actorOf, callerOf } from './auth';
import type { ApiDeps } from './deps';
import { forbidden } from './errors';
import { authErrors, error, json, security } from './openapi';
import { route } from './routes';
import { NewEncounter, ProcessParams, ProcessView, registry } from './schemas';
import { rethrowFor } from './need-to-know';
import { processNotFound, rethrowStart } from './temporal-errors';
import { validate } from './validate';
import { requireYouth } from './youth-access';

registry.registerPath({
  method: 'post',
  path: '/v1/processes/{processId}/interview-ended',
  summary: 'Record that the custody interview ended (the reporting LE agency only)',
  description: "Opens the advocate's follow-up now rather than two hours after the interview's scheduled end. Repeating it changes nothing.",
  security,
  request: { params: ProcessParams },
  responses: {
    200: json(ProcessView, 'The process after the change'),
    400: error('VALIDATION_FAILED; INVALID_REQUEST: the encounter had no custody interview'),
    ...authErrors,
    403: error('FORBIDDEN: the caller is not the agency that reported the encounter'),
    404: error('PROCESS_NOT_FOUND: no such LE-contact process'),
    409: error('PROCESS_CLOSED: the process has finished'),
  },
});

export function encounterRoutes({ client, db, keys, taskQueue }: ApiDeps): Router {
  const router = Router();
  route(router, '/encounters', {
    post: async (req, res) => {
      const { body } = validate(req, { body: NewEncounter });
      const caller = callerOf(res);
      if (caller.agencyType !== 'LE') throw forbidden('Only law-enforcement agencies report encounters');
      await requireYouth(db, body.youthRef, caller);
      // The reporting agency and county come from the key, never from the body.
      const input = { ...body, reportingAgencyId: caller.agencyId, county: caller.county };
      const handle = await startLeContact(client, taskQueue, input, keys.caseIndexKey).catch(
        rethrowStart('ENCOUNTER_EXISTS', 'This encounter was already reported'),
      );
      await audit(db, { actor: caller.agencyId, action: 'api.encounter.create', workflowId: handle.workflowId });
      res
        .status(201)
        .location(`/v1/processes/${encodeURIComponent(handle.workflowId)}`)
        .json({ processId: handle.workflowId, runId: handle.firstExecutionRunId });
    },
  });

  route(router, '/processes/:processId/interview-ended', {
    post: async (req, res) => {
      const { params } = validate(req, { params: ProcessParams });
      // Other processes have no such Update: they are not found here.
      if (!params.processId.startsWith(`${LE_CONTACT}/`)) throw processNotFound();
      const caller = callerOf(res);
      const actor = actorOf(caller);
      const view = await client.workflow
        .getHandle(params.processId)
        .executeUpdate(recordInterviewEnded, { args: [{ actor }] })
        .catch(rethrowFor(client, params.processId, actor));
      await audit(db, { actor: caller.agencyId, action: 'api.encounter.interview-ended', workflowId: params.processId });
      res.json(view);
    },
  });
  return router;
}
