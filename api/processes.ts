// GET /v1/processes/:processId: where a process stands, straight from the workflow's query.
import { Router } from 'express';
import { processState } from '../workflows/messages';
import { audit } from './audit';
import { callerOf } from './auth';
import type { ApiDeps } from './deps';
import { ApiError } from './errors';
import { route } from './routes';
import { ProcessParams } from './schemas';
import { rethrowTemporal } from './temporal-errors';
import { validate } from './validate';

export function processRoutes({ client, db }: ApiDeps): Router {
  const router = Router();
  route(router, '/processes/:processId', {
    get: async (req, res) => {
      const { params } = validate(req, { params: ProcessParams });
      const caller = callerOf(res);
      const view = await client.workflow.getHandle(params.processId).query(processState).catch(rethrowTemporal);
      // Another county's process is not this caller's to see, nor to learn exists.
      if (view.county !== caller.county) throw new ApiError(404, 'PROCESS_NOT_FOUND', 'No such process');
      await audit(db, { actor: caller.agencyId, action: 'api.process.read', workflowId: params.processId });
      res.json(view);
    },
  });
  return router;
}
