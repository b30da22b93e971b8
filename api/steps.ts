// Acting on a step: acknowledge, complete (the owing agency), close (a coordinator the chain
// reached) and move its deadline (administrators). Who may do what is the workflow's rule.
import { Router, type Response } from 'express';
import type { UpdateDefinition } from '@temporalio/client';
import type { LinkAction } from '../common/links';
import { acknowledgeStep, changeStepDeadline, closeStep, completeStep, type StepActionRequest } from '../workflows/messages';
import type { StepView as StepViewType } from '../workflows/types';
import { audit } from './audit';
import { actorOf, callerOf } from './auth';
import type { ApiDeps } from './deps';
import { forbidden } from './errors';
import { json, security, stepErrors } from './openapi';
import { route } from './routes';
import { DeadlineChange, registry, StepClosure, StepCompletion, StepParams, StepView } from './schemas';
import { rethrowFor } from './need-to-know';
import { validate } from './validate';

/** The workflow update behind each action; emailed links (links.ts) use the same ones. */
export const stepUpdates = { acknowledge: acknowledgeStep, complete: completeStep } satisfies Record<LinkAction, unknown>;

registry.registerPath({
  method: 'post',
  path: '/v1/processes/{processId}/steps/{stepId}/close',
  summary: "Close another agency's step as the coordinator its escalation chain reached, with a reason",
  description:
    'Recorded as CLOSED_BY_COORDINATOR, not as the owing agency having done the work. Only an agency the chain has reached above the ' +
    'owing agency may close the step (e.g. the MDT coordinator once the step escalated to it); the owing agency completes it instead.',
  security,
  request: { params: StepParams, body: { required: true, content: { 'application/json': { schema: StepClosure } } } },
  responses: { 200: json(StepView, 'The step after the change'), ...stepErrors },
});

export function stepRoutes({ client, db }: ApiDeps): Router {
  const router = Router();
  const base = '/processes/:processId/steps/:stepId';

  /** One Update on the step, audited as `api.step.<action>` (never with the request body; `detail` picks what the row keeps). */
  async function act<R extends StepActionRequest>(
    res: Response,
    processId: string,
    action: string,
    update: UpdateDefinition<StepViewType, [R], string>,
    request: R,
    detail?: (step: StepViewType) => Record<string, string>,
  ): Promise<void> {
    const step = await client.workflow
      .getHandle(processId)
      .executeUpdate(update, { args: [request] })
      .catch(rethrowFor(client, processId, request.actor));
    await audit(db, { actor: request.actor.agencyId, action: `api.step.${action}`, workflowId: processId, stepId: request.stepId, detail: detail?.(step) });
    res.json(step);
  }
  const onStep = (res: Response, stepId: string) => ({ stepId, actor: actorOf(callerOf(res)) });

  route(router, `${base}/acknowledge`, {
    post: async (req, res) => {
      const { params } = validate(req, { params: StepParams });
      await act(res, params.processId, 'acknowledge', acknowledgeStep, onStep(res, params.stepId));
    },
  });
  route(router, `${base}/complete`, {
    post: async (req, res) => {
      // No body completes without an outcome.
      const { params, body } = validate(req, { params: StepParams, body: StepCompletion.optional() });
      await act(res, params.processId, 'complete', completeStep, { ...onStep(res, params.stepId), outcome: body?.outcome, record: body?.record });
    },
  });
  route(router, `${base}/close`, {
    post: async (req, res) => {
      const { params, body } = validate(req, { params: StepParams, body: StepClosure });
      await act(res, params.processId, 'close', closeStep, { ...onStep(res, params.stepId), reason: body.reason });
    },
  });
  route(router, `${base}/deadline`, {
    put: async (req, res) => {
      const { params, body } = validate(req, { params: StepParams, body: DeadlineChange });
      // Administrators act on no step, but they alone move deadlines (the workflow checks their county).
      if (!callerOf(res).admin) throw forbidden('Only administrators change deadlines');
      // The step after the change shows the new deadline; recording the old one is the workflow's (it knew it).
      await act(res, params.processId, 'deadline', changeStepDeadline, { ...onStep(res, params.stepId), ...body }, (step) => ({
        newDueAt: step.dueAt ?? body.dueAt,
        reason: body.reason,
      }));
    },
  });

  return router;
}
