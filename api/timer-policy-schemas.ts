// Request and response shapes of the timer-policy admin routes (api/timer-policies.ts).
import { z } from 'zod';
import type { RolloutProgress as RolloutProgressType } from '../workflows/policy-rollout-input';
import type { PolicyChangeView, TimerPolicyView as TimerPolicyViewType, TimerValues } from '../common/timer-policies';
import { registry } from './schemas';

const seconds = (description: string) => z.number().int().openapi({ description, example: 300 });

const TimerValues = z.object({
  acknowledgeWithinSeconds: z.number().int(),
  completeWithinSeconds: z.number().int().nullable(),
  escalateEverySeconds: z.number().int(),
}) satisfies z.ZodType<TimerValues>;

const PolicyChangeView = z.object({
  by: z.string().openapi({ description: "The administrator's agency.", example: 'demo-da' }),
  at: z.string(),
  reason: z.string(),
  scope: z.enum(['new', 'running']),
  previous: TimerValues,
  next: TimerValues,
  rolloutId: z.string().nullable(),
}) satisfies z.ZodType<PolicyChangeView>;

export const TimerPolicyView = registry.register(
  'TimerPolicy',
  z.object({
    obligation: z.string().openapi({ example: 'le-contact' }),
    step: z.string().openapi({ example: 'advocate-response' }),
    title: z.string(),
    clock: z.string().openapi({ example: 'calendar' }),
    defaults: TimerValues,
    value: TimerValues,
    source: z.enum(['default', 'county', 'all-counties']),
    maxSeconds: z.number().int(),
    legalCeiling: z.object({ seconds: z.number().int(), source: z.string() }).nullable(),
    lastChange: PolicyChangeView.nullable(),
  }) satisfies z.ZodType<TimerPolicyViewType>,
);

export const TimerPolicyList = registry.register('TimerPolicyList', z.object({ county: z.string(), policies: z.array(TimerPolicyView) }));

export const TimerPolicyParams = z.object({
  obligation: z.string().min(1).max(100).openapi({ example: 'le-contact' }),
  step: z.string().min(1).max(100).openapi({ description: 'The step kind.', example: 'advocate-response' }),
});

export const TimerPolicyChange = registry.register(
  'TimerPolicyChange',
  z.strictObject({
    acknowledgeWithinSeconds: seconds('New acknowledgment deadline, from when the step opens.').optional(),
    completeWithinSeconds: seconds('New completion deadline, from when the step opens (only kinds that have one).').optional(),
    escalateEverySeconds: seconds('New escalation interval.').optional(),
    reason: z.string({ error: 'a policy is changed with a reason' }).trim().min(1, 'a policy is changed with a reason').max(500),
    scope: z
      .enum(['new', 'running'])
      .openapi({ description: '`new`: processes started from now on; `running`: also every open step of the kind (a rollout).' }),
    overdue: z
      .enum(['strict', 'grace'])
      .default('grace')
      .openapi({ description: 'scope running: a step already past its new deadline escalates at once (strict) or is due after graceSeconds (grace).' }),
    graceSeconds: z.number().int().min(0).max(86_400).default(300),
    dryRun: z.boolean().default(false).openapi({ description: 'Count what would change; change nothing.' }),
  }),
);

export const RolloutProgress = registry.register(
  'RolloutProgress',
  z.object({
    rolloutId: z.string(),
    county: z.string(),
    obligation: z.string(),
    kind: z.string(),
    dryRun: z.boolean(),
    status: z.enum(['RUNNING', 'DONE']),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    matched: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int().openapi({ description: 'Processes this rollout had already re-timed.' }),
    unaffected: z.number().int().openapi({ description: 'Processes with no waiting step of the kind.' }),
    failed: z.array(z.object({ processId: z.string(), why: z.string() })),
    steps: z.object({
      rearmed: z.number().int(),
      escalateNow: z.number().int().openapi({ description: 'strict: past the new deadline, escalated at once.' }),
      graced: z.number().int().openapi({ description: 'grace: past the new deadline, due after the grace period.' }),
    }),
  }) satisfies z.ZodType<RolloutProgressType>,
);

export const TimerPolicyChanged = registry.register(
  'TimerPolicyChanged',
  z.object({
    dryRun: z.boolean(),
    /** The policy after the change (a dry run: as it would be). */
    policy: TimerPolicyView,
    rolloutId: z.string().nullable().openapi({ description: 'scope running: follow it at GET /v1/admin/rollouts/{rolloutId}.' }),
    // Optional, not nullable: OpenAPI 3.0 cannot make a referenced schema nullable (Schemathesis found the null).
    preview: RolloutProgress.optional().openapi({ description: 'Only on a dry run of scope running: what the rollout would do.' }),
  }),
);

export const RolloutParams = z.object({ rolloutId: z.uuid({ error: 'must be a rollout id' }) });
