// GET /v1/processes/:processId: where a process stands, as the caller has need to know of it.
import { Router } from 'express';
import { audit } from './audit';
import { actorOf, callerOf } from './auth';
import type { ApiDeps } from './deps';
import { readProcess } from './need-to-know';
import { route } from './routes';
import { ProcessParams } from './schemas';
import { validate } from './validate';

export function processRoutes({ client, db }: ApiDeps): Router {
  const router = Router();
  route(router, '/processes/:processId', {
    get: async (req, res) => {
      const { params } = validate(req, { params: ProcessParams });
      const caller = callerOf(res);
      const view = await readProcess(client, db, params.processId, actorOf(caller));
      await audit(db, { actor: caller.agencyId, action: 'api.process.read', workflowId: params.processId });
      res.json(view);
    },
  });
  return router;
}
