// Acting on a step: acknowledge, complete (the owing agency) and move its deadline (administrators).
import { Router } from 'express';
import { acknowledgeStep, changeStepDeadline, completeStep } from '../workflows/messages';
import type { LinkAction } from '../common/links';
import { audit } from './audit';
import { callerOf } from './auth';
import type { ApiDeps } from './deps';
import { forbidden } from './errors';
import { route } from './routes';
import { DeadlineChange, StepParams } from './schemas';
import { rethrowTemporal } from './temporal-errors';
import { validate } from './validate';

/** The workflow update behind each action; emailed links (links.ts) use the same ones. */
export const stepUpdates = { acknowledge: acknowledgeStep, complete: completeStep } satisfies Record<LinkAction, unknown>;

export function stepRoutes({ client, db }: ApiDeps): Router {
  const router = Router();
  const base = '/processes/:processId/steps/:stepId';

  for (const action of ['acknowledge', 'complete'] as const) {
    route(router, `${base}/${action}`, {
      post: async (req, res) => {
        const { params } = validate(req, { params: StepParams });
        const caller = callerOf(res);
        // Whether this agency owes the step is the workflow's rule; it rejects with NOT_PERMITTED.
        const step = await client.workflow
          .getHandle(params.processId)
          .executeUpdate(stepUpdates[action], { args: [{ stepId: params.stepId, actor: { agencyId: caller.agencyId, via: 'api' } }] })
          .catch(rethrowTemporal);
        await audit(db, { actor: caller.agencyId, action: `api.step.${action}`, workflowId: params.processId, stepId: params.stepId });
        res.json(step);
      },
    });
  }

  route(router, `${base}/deadline`, {
    put: async (req, res) => {
      const { params, body } = validate(req, { params: StepParams, body: DeadlineChange });
      const caller = callerOf(res);
      if (!caller.admin) throw forbidden('Only administrators change deadlines');
      const actor = { agencyId: caller.agencyId, via: 'api', admin: true, county: caller.county } as const;
      const step = await client.workflow
        .getHandle(params.processId)
        .executeUpdate(changeStepDeadline, { args: [{ stepId: params.stepId, actor, dueAt: body.dueAt }] })
        .catch(rethrowTemporal);
      await audit(db, { actor: caller.agencyId, action: 'api.step.deadline', workflowId: params.processId, stepId: params.stepId });
      res.json(step);
    },
  });

  return router;
}
