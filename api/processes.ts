// GET /v1/processes/:processId: where a process stands, straight from the workflow's query.
import { Router } from 'express';
import { processState } from '../workflows/messages';
import { audit } from './audit';
import { callerOf } from './auth';
import type { ApiDeps } from './deps';
import { ProcessParams } from './schemas';
import { rethrowTemporal } from './temporal-errors';
import { validate } from './validate';

export function processRoutes({ client, db }: ApiDeps): Router {
  const router = Router();
  router.get('/processes/:processId', async (req, res) => {
    const { params } = validate(req, { params: ProcessParams });
    const caller = callerOf(res);
    const view = await client.workflow.getHandle(params.processId).query(processState).catch(rethrowTemporal);
    await audit(db, { actor: caller.agencyId, action: 'api.process.read', workflowId: params.processId });
    res.json(view);
  });
  return router;
}
