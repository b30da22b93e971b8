// POST /v1/encounters: a law-enforcement agency reports meeting a youth; the LE-contact process starts.
import { Router } from 'express';
import { startLeContact } from '../common/processes';
import { audit } from './audit';
import { callerOf } from './auth';
import type { ApiDeps } from './deps';
import { forbidden } from './errors';
import { route } from './routes';
import { NewEncounter } from './schemas';
import { rethrowTemporal } from './temporal-errors';
import { validate } from './validate';

export function encounterRoutes({ client, db, taskQueue }: ApiDeps): Router {
  const router = Router();
  route(router, '/encounters', {
    post: async (req, res) => {
      const { body } = validate(req, { body: NewEncounter });
      const caller = callerOf(res);
      if (caller.agencyType !== 'LE') throw forbidden('Only law-enforcement agencies report encounters');
      // The reporting agency and county come from the key, never from the body.
      const input = { ...body, reportingAgencyId: caller.agencyId, county: caller.county };
      const handle = await startLeContact(client, taskQueue, input).catch(rethrowTemporal);
      await audit(db, { actor: caller.agencyId, action: 'api.encounter.create', workflowId: handle.workflowId });
      res
        .status(201)
        .location(`/v1/processes/${encodeURIComponent(handle.workflowId)}`)
        .json({ processId: handle.workflowId, runId: handle.firstExecutionRunId });
    },
  });
  return router;
}
