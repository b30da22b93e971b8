// The county's timer policies (administrators only): list them, change one for new processes or
// also for the running ones (a rollout workflow, workflows/policy-rollout.ts), dry-run a change,
// and follow a rollout. Other counties' rollouts are not theirs to read.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { applyChange, findKind, policyKinds, policyView, rowFor, type PolicyKind } from '../common/timer-policies';
import type { policyRollout } from '../workflows/policy-rollout';
import { dryRunWorkflowId, POLICY_ROLLOUT, rolloutProgress, rolloutWorkflowId, type RolloutInput } from '../workflows/policy-rollout-input';
import { callerOf, type Caller } from './auth';
import type { ApiDeps } from './deps';
import { ApiError, forbidden } from './errors';
import { authErrors, error, json, security } from './openapi';
import { route } from './routes';
import { registry } from './schemas';
import {
  RolloutParams,
  RolloutProgress as RolloutProgressSchema,
  TimerPolicyChange,
  TimerPolicyChanged,
  TimerPolicyList,
  TimerPolicyParams,
} from './timer-policy-schemas';
import { validate } from './validate';

const adminErrors = { ...authErrors, 403: error("FORBIDDEN: the caller is not an administrator (of the rollout's county)") };
registry.registerPath({
  method: 'get',
  path: '/v1/admin/timer-policies',
  summary: "Every obligation's step kinds with their MOU default, the county's value, its ceiling and its last change (administrators only)",
  security,
  responses: { 200: json(TimerPolicyList, 'The policies'), ...adminErrors },
});
registry.registerPath({
  method: 'put',
  path: '/v1/admin/timer-policies/{obligation}/{step}',
  summary: "Change a step kind's timers in the county, for new processes or also the running ones (administrators only)",
  description:
    'Each timer is at least 60 s and at most the kind allows (`maxSeconds`: the legal ceiling where the law caps the deadline). ' +
    'Scope `running` starts a rollout that re-times every waiting step of the kind (202; follow it at /v1/admin/rollouts/{rolloutId}); ' +
    'a step already past its new deadline escalates at once (`overdue: strict`) or is due `graceSeconds` from now (`grace`, the default). ' +
    '`dryRun: true` changes nothing and, for scope `running`, answers what the rollout would do.',
  security,
  request: { params: TimerPolicyParams, body: { required: true, content: { 'application/json': { schema: TimerPolicyChange } } } },
  responses: {
    200: json(TimerPolicyChanged, 'Changed for new processes, or a dry run'),
    202: json(TimerPolicyChanged, 'Changed; the rollout to running processes has started'),
    400: error('VALIDATION_FAILED (e.g. no reason); OUT_OF_BOUNDS with the fields'),
    ...adminErrors,
    404: error('STEP_KIND_NOT_FOUND: no such obligation, or no such step kind in it'),
    409: error('ROLLOUT_RUNNING: a rollout of this step kind is still running (its rolloutId is given)'),
  },
});
registry.registerPath({
  method: 'get',
  path: '/v1/admin/rollouts/{rolloutId}',
  summary: "A policy rollout's progress: matched, re-timed, skipped (already done), failed with why (administrators of its county only)",
  security,
  request: { params: RolloutParams },
  responses: { 200: json(RolloutProgressSchema, 'The progress'), 400: error('VALIDATION_FAILED'), ...adminErrors, 404: error('ROLLOUT_NOT_FOUND') },
});

function administrator(caller: Caller): Caller {
  if (!caller.admin) throw forbidden("Only the county's administrators manage timer policies");
  return caller;
}

function kindOf(obligation: string, step: string): PolicyKind {
  const kind = findKind(obligation, step);
  if (kind) return kind;
  const known = policyKinds.some((k) => k.obligation === obligation);
  throw new ApiError(404, 'STEP_KIND_NOT_FOUND', known ? `No step kind "${step}" in ${obligation}` : `No obligation "${obligation}"`);
}

/** The 409 for a rollout of the same kind still running: name it. */
async function runningRollout(client: Client, workflowId: string): Promise<never> {
  const running = await client.workflow.getHandle(workflowId).query(rolloutProgress);
  throw new ApiError(409, 'ROLLOUT_RUNNING', `Rollout ${running.rolloutId} of this step kind is still running`, { rolloutId: running.rolloutId });
}

export function timerPolicyRoutes({ client, db, taskQueue, timerPolicies: { floorSeconds, ...rollouts } = {} }: ApiDeps): Router {
  const router = Router();

  const startOptions = (workflowId: string, input: RolloutInput) => ({
    taskQueue,
    workflowId,
    args: [input] as [RolloutInput],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    staticSummary: `Timer policy ${input.dryRun ? 'dry run' : 'rollout'}: ${input.obligation} / ${input.kind} in ${input.county}`,
  });

  route(router, '/admin/timer-policies', {
    get: async (_req, res) => {
      const { county } = administrator(callerOf(res));
      const [rows, changes] = await Promise.all([
        db.timerPolicy.findMany({ where: { county: { in: [county, ''] } } }),
        db.timerPolicyChange.findMany({ where: { county }, orderBy: { id: 'desc' }, distinct: ['obligation', 'step'] }),
      ]);
      const of = (k: PolicyKind) => ({ obligation: k.obligation, step: k.definition.kind });
      const same = (a: { obligation: string; step: string }, k: PolicyKind) => a.obligation === of(k).obligation && a.step === of(k).step;
      res.json({
        county,
        policies: policyKinds.map((k) =>
          policyView(
            k,
            county,
            rows.filter((r) => same(r, k)),
            changes.find((c) => same(c, k)),
          ),
        ),
      });
    },
  });

  route(router, '/admin/timer-policies/:obligation/:step', {
    put: async (req, res) => {
      const { agencyId, county } = administrator(callerOf(res));
      const { params, body } = validate(req, { params: TimerPolicyParams, body: TimerPolicyChange });
      const kind = kindOf(params.obligation, params.step);
      const { obligation, step } = params;
      const rows = await db.timerPolicy.findMany({ where: { obligation, step, county: { in: [county, ''] } } });
      const current = policyView(kind, county, rows);
      const { reason, scope, overdue, graceSeconds, dryRun, ...change } = body;
      if (!Object.keys(change).length) throw new ApiError(400, 'OUT_OF_BOUNDS', 'Give at least one timer to change', { fields: [] });
      const { next, problems } = applyChange(kind, current.value, change, floorSeconds);
      if (problems.length) {
        throw new ApiError(400, 'OUT_OF_BOUNDS', 'A timer is out of bounds for this step kind', {
          fields: problems.map((p) => ({ path: `body.${p.field}`, message: p.message })),
        });
      }
      const rolloutId = randomUUID();
      const input: RolloutInput = { rolloutId, county, obligation, kind: step, timers: change, overdue, graceSeconds, dryRun, ...rollouts };
      if (dryRun) {
        const policy = { ...current, value: next, source: 'county' as const };
        const preview =
          scope === 'running' ? await client.workflow.execute<typeof policyRollout>(POLICY_ROLLOUT, startOptions(dryRunWorkflowId(input), input)) : undefined;
        res.json({ dryRun, policy, rolloutId: null, preview });
        return;
      }
      // The policy changes only if its rollout starts (a second one of the kind is refused: 409).
      const row = await db.$transaction(
        async (tx) => {
          const clock = rowFor(rows, county)?.clock ?? null;
          await tx.timerPolicy.upsert({
            where: { county_obligation_step: { county, obligation, step } },
            create: { county, obligation, step, ...next, clock },
            update: { ...next, clock },
          });
          const changed = await tx.timerPolicyChange.create({
            data: {
              county,
              obligation,
              step,
              actor: agencyId,
              reason,
              scope,
              previous: { ...current.value },
              next: { ...next },
              rolloutId: scope === 'running' ? rolloutId : null,
            },
          });
          await tx.auditEvent.create({
            data: {
              key: randomUUID(),
              actor: agencyId,
              action: 'api.timer-policy.put',
              detail: { county, obligation, step, scope, reason, previous: { ...current.value }, next: { ...next }, ...(scope === 'running' && { rolloutId }) },
            },
          });
          if (scope === 'running') {
            const workflowId = rolloutWorkflowId(input);
            await client.workflow.start<typeof policyRollout>(POLICY_ROLLOUT, startOptions(workflowId, input)).catch((err: unknown) => {
              if (err instanceof WorkflowExecutionAlreadyStartedError) return runningRollout(client, workflowId);
              throw err;
            });
          }
          return changed;
        },
        { timeout: 30_000 },
      );
      const after = await db.timerPolicy.findMany({ where: { obligation, step, county } });
      res.status(scope === 'running' ? 202 : 200).json({ dryRun, policy: policyView(kind, county, after, row), rolloutId: row.rolloutId });
    },
  });

  route(router, '/admin/rollouts/:rolloutId', {
    get: async (req, res) => {
      const { county } = administrator(callerOf(res));
      const { params } = validate(req, { params: RolloutParams });
      const change = await db.timerPolicyChange.findUnique({ where: { rolloutId: params.rolloutId } });
      if (!change) throw new ApiError(404, 'ROLLOUT_NOT_FOUND', 'No such rollout');
      if (change.county !== county) throw forbidden("Only the rollout's county's administrators follow it");
      // A finished rollout's result is kept with the change; a running one answers its query.
      res.json(change.result ?? (await client.workflow.getHandle(rolloutWorkflowId({ ...change, kind: change.step })).query(rolloutProgress)));
    },
  });

  return router;
}
