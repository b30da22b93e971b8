// Request schemas (validation) and response schemas (documentation), all registered for the
// OpenAPI document so the two cannot drift apart.
import { extendZodWithOpenApi, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LINK_TOKEN } from '../common/links';
import { isYouthRef, YOUTH_REF_PATTERN } from '../common/youth-ref';
import type { EventAnswer as EventAnswerType } from '../workflows/detention-input';
import { encounterTypes } from '../workflows/encounter';
import type * as T from '../workflows/types';

extendZodWithOpenApi(z);

export const registry = new OpenAPIRegistry();

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const instant = z.iso.datetime({ offset: true, abort: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2025-01-31T14:05:00-08:00' });
// zod-to-openapi writes only `format: date-time`; zod's own JSON Schema adds the pattern zod checks
// (seconds, a capital T and a zone), so a schema-driven client sends only values zod accepts.
export const isoInstant = () => instant.openapi({ pattern: z.toJSONSchema(instant).pattern });

/** [before, after] the server clock, in ms, and as the ISO 8601 durations the document states. */
interface Window {
  before: [ms: number, iso: string, words: string];
  after: [ms: number, iso: string, words: string];
}

/**
 * An instant within a window around the server clock: a time far off is a typo, or (a deadline in
 * 9999) a way to silence escalation for ever. JSON Schema cannot compare with "now": the
 * x-minimum-from-now / x-maximum-from-now extensions state the window as durations from it.
 */
const instantWithin = ({ before, after }: Window, description: string) =>
  isoInstant()
    .refine((v) => Date.parse(v) >= Date.now() - before[0], `must not be more than ${before[2]} before now`)
    .refine((v) => Date.parse(v) <= Date.now() + after[0], `must not be more than ${after[2]} after now`)
    .openapi({
      description: `${description}; from ${before[2]} before to ${after[2]} after the server clock.`,
      'x-minimum-from-now': `-${before[1]}`,
      'x-maximum-from-now': after[1],
    });

const HAPPENED: Window = { before: [366 * DAY, 'P366D', 'a year'], after: [5 * MINUTE, 'PT5M', '5 minutes'] };
const PLANNED: Window = { before: [30 * DAY, 'P30D', '30 days'], after: [366 * DAY, 'P366D', 'a year'] };

/** A time something happened: within the last year, at most a few minutes ahead of the server clock. */
export const pastInstant = (description: string) => instantWithin(HAPPENED, description);

/** A time something is planned or due: from 30 days ago (a past deadline escalates at once) to a year ahead. */
export const plannedInstant = (description: string) => instantWithin(PLANNED, description);

const UPCOMING: Window = { before: [0, 'PT0S', 'no time'], after: [366 * DAY, 'P366D', 'a year'] };

/** A time still ahead, at most a year off (e.g. when a consent ends). */
export const upcomingInstant = (description: string) => instantWithin(UPCOMING, description);

// The registry's reference (common/youth-ref.ts); the check symbol refuses typos, and anything
// name- or date-like ("MARIALOPEZ-20090314") is not of this form.
export const YouthRef = registry.register(
  'YouthRef',
  z.string().refine(isYouthRef, 'must be a youth reference issued by the registry (POST /v1/youth), e.g. Y-7K3M9Q2XHT-7, with its check symbol').openapi({
    description: "The registry's opaque reference: Y-, ten Crockford base32 symbols, -, and Crockford's mod-37 check symbol. Issued by POST /v1/youth.",
    example: 'Y-7K3M9Q2XHT-7',
    pattern: YOUTH_REF_PATTERN.source,
  }),
);

// A case number, so it has a digit: a bare name never reaches a workflow id.
export const caseNumber = (what: string) =>
  z.string().regex(/^(?=.*[0-9])[A-Za-z0-9._-]{1,64}$/, `must be ${what}: 1–64 letters, digits, dots, underscores or dashes, with a digit`);
export const EncounterId = caseNumber('an agency case number').openapi({ example: 'E-2025-0001' });

// <obligation>/<youth reference>/<agency>/<keyed hash of the agency's case number>;
// or, for a youth's one open missing-youth episode, missing-youth/<youth reference> (common/processes.ts).
export const ProcessId = z
  .string()
  .max(256)
  .regex(
    /^([a-z-]{1,32}\/Y-[0-9A-Z]{10}-[0-9A-Z]\/[A-Za-z0-9._-]{1,64}\/[0-9A-Z]{16}|missing-youth\/Y-[0-9A-Z]{10}-[0-9A-Z])$/,
    'must be a process id such as le-contact/Y-7K3M9Q2XHT-7/demo-sheriff/0FQ8D3W6ZK1MX7TB or missing-youth/Y-7K3M9Q2XHT-7',
  )
  .openapi({
    description: 'Process id; it contains slashes, so URL-encode it as one path segment.',
    example: 'le-contact/Y-7K3M9Q2XHT-7/demo-sheriff/0FQ8D3W6ZK1MX7TB',
  });

export const StepId = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, 'must be a step id such as advocate-response')
  .openapi({ example: 'advocate-response' });

const Interview = z
  .strictObject({
    startsAt: plannedInstant('When the custody interview is scheduled to start'),
    endsAt: plannedInstant('When it is scheduled to end; after startsAt'),
  })
  .refine((i) => Date.parse(i.endsAt) > Date.parse(i.startsAt), { path: ['endsAt'], message: 'must be after startsAt' });

export const NewEncounter = registry.register(
  'NewEncounter',
  z
    .strictObject({
      youthRef: YouthRef,
      encounterId: EncounterId,
      encounterType: z.enum(encounterTypes),
      occurredAt: pastInstant('When the encounter happened'),
      participatedInInvestigation: z
        .boolean()
        .default(false)
        .openapi({ description: 'Whether the youth took part in a current investigation of an alleged trafficker.' }),
      interview: Interview.optional().openapi({
        description: "CUSTODY_INTERVIEW only, and required there: the interview's scheduled start and end. The before/during steps are due by its start.",
      }),
    })
    .superRefine((e, ctx) => {
      const custody = e.encounterType === 'CUSTODY_INTERVIEW';
      if (custody && !e.interview)
        ctx.addIssue({ code: 'custom', path: ['interview'], message: 'a CUSTODY_INTERVIEW needs its scheduled startsAt and endsAt' });
      if (!custody && e.interview) ctx.addIssue({ code: 'custom', path: ['interview'], message: 'only a CUSTODY_INTERVIEW has an interview' });
    }),
);

export const DeadlineChange = registry.register(
  'DeadlineChange',
  z.strictObject({
    dueAt: plannedInstant('The new deadline; a time already past escalates the step at once'),
    reason: z
      .string()
      .trim()
      .min(1, 'must say why the deadline moves')
      .max(500)
      .openapi({ description: 'Why the deadline moves (recorded in the audit with the new deadline; no names).' }),
  }),
);

export const StepCompletion = registry.register(
  'StepCompletion',
  z.strictObject({
    outcome: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,63}$/, "must be one of the step's outcomes, e.g. DECLINED_BY_YOUTH")
      .optional()
      .openapi({ description: "One of the step's outcomes (e.g. DECLINED_BY_YOUTH for care the youth declines); the process refuses others." }),
    record: z.string().trim().min(1).max(200).optional().openapi({
      description:
        'What the step records on completion, when it asks for it (e.g. the advocacy hand-off: which home-county organisation took the youth on). An agency name, never details of the youth.',
    }),
  }),
);

export const StepClosure = registry.register(
  'StepClosure',
  z.strictObject({
    reason: z
      .string()
      .trim()
      .min(1, 'must say why the step is closed')
      .max(500)
      .openapi({ description: 'Why the coordinator closes the step instead of the owing agency (no names).' }),
  }),
);

export const ProcessParams = z.object({ processId: ProcessId });
export const StepParams = z.object({ processId: ProcessId, stepId: StepId });
export const YouthParams = z.object({ youthRef: YouthRef });
export const LinkParams = z.object({
  token: z
    .string()
    .max(4096)
    .regex(LINK_TOKEN, 'must be the token of an emailed link')
    .openapi({ description: 'The signed token from the emailed link: base64url(JSON claims) "." base64url(HMAC-SHA256).' }),
});

// Responses: documentation, tied to the workflow's types (workflows/types.ts) so that a change
// there fails to compile here until the documented shape follows.

/** An enum of every member of a union type: a member added there and not here fails to compile. */
const every = <M extends string>(members: Record<M, true>) => z.enum(Object.keys(members) as [M, ...M[]]);

const RepresentativeRole = every<T.RepresentativeRole>({
  OFFICER: true,
  ADVOCATE: true,
  DPO: true,
  DETENTION_STAFF: true,
  DDA: true,
  HEAT_DDA: true,
  VW_CONSULTANT: true,
  DEFENDER: true,
  SOCIAL_WORKER: true,
  HOTLINE: true,
  CLINICIAN: true,
  MENTAL_HEALTH_CLINICIAN: true,
  BACKUP: true,
  SUPERVISOR: true,
  DIRECTOR: true,
  MDT_COORDINATOR: true,
});

const AgencyType = every<T.AgencyType>({ LE: true, ADVOCACY: true, PROBATION: true, DA: true, PD: true, SSA: true, HEALTH: true });

const StepStatus = every<T.StepStatus>({
  SCHEDULED: true,
  OPENING: true,
  BLOCKED: true,
  AWAITING_ACKNOWLEDGMENT: true,
  AWAITING_COMPLETION: true,
  COMPLETED: true,
  WITHDRAWN: true,
  CLOSED_BY_COORDINATOR: true,
});

const Party = registry.register('Party', z.object({ agencyId: z.string(), agencyName: z.string(), role: RepresentativeRole }) satisfies z.ZodType<T.Party>);

export const AgencyContactView = registry.register(
  'AgencyContact',
  z.object({ name: z.string(), county: z.string(), phone: z.string(), email: z.string() }) satisfies z.ZodType<T.AgencyContact>,
);

export const StepView = registry.register(
  'StepView',
  z.object({
    id: z.string().openapi({ example: 'advocate-response' }),
    kind: z.string().openapi({ description: 'The kind of step; repeated steps of a kind have their own ids (e.g. dpo-investigation-2).' }),
    title: z.string(),
    status: StepStatus.openapi({
      description:
        'SCHEDULED (opens at opensAt), OPENING (looking up its owner), BLOCKED (the directory has no owner yet; the MDT coordinator is told), ' +
        'AWAITING_ACKNOWLEDGMENT, AWAITING_COMPLETION, then COMPLETED, WITHDRAWN (no longer needed) or CLOSED_BY_COORDINATOR.',
    }),
    chain: z.array(Party).openapi({ description: 'The assignee (level 0) and, above it, the escalation chain; empty until the step opens.' }),
    level: z.number().int(),
    owing: Party.nullable().openapi({ description: 'The party the step waits on now; null until it opens and once it is closed.' }),
    overdue: z.boolean(),
    blocked: z.boolean(),
    opensAt: z.string().nullable().openapi({ description: 'When a SCHEDULED step opens.' }),
    dueAt: z.string().nullable().openapi({ description: 'The deadline of a waiting step; null otherwise.' }),
    openedAt: z.string().nullable(),
    acknowledgedAt: z.string().optional(),
    acknowledgedBy: z.string().optional(),
    acknowledgedByRepresentative: z.string().optional().openapi({ description: 'The staff member who acknowledged through an emailed link.' }),
    completedAt: z.string().optional(),
    completedBy: z.string().optional(),
    completedByRepresentative: z.string().optional().openapi({ description: 'The staff member who completed through an emailed link.' }),
    outcome: z.string().optional().openapi({ description: 'The outcome recorded on completion, e.g. DECLINED_BY_YOUTH.' }),
    record: z.string().optional().openapi({ description: 'What the owner recorded on completion, e.g. the home-county advocacy organisation.' }),
    closedReason: z.string().optional().openapi({ description: 'Why the step was withdrawn or closed by a coordinator.' }),
    contact: AgencyContactView.optional().openapi({ description: 'The agency to contact, when the step is owed on its behalf.' }),
    escalations: z.array(z.object({ level: z.number().int(), at: z.string() })),
    confidentialTo: z.object({ agencyType: AgencyType, agencyId: z.string().nullable() }).optional().openapi({
      description:
        "Another agency's confidential step (advocacy, health, defense): the caller sees only whose it is and whether it is on time. Its id is `confidential-N`.",
    }),
  }) satisfies z.ZodType<T.StepView>,
);

export const ProcessView = registry.register(
  'ProcessView',
  z.object({
    obligation: z.string(),
    youthRef: z.string(),
    county: z.string(),
    initiatingAgencyId: z.string().optional().openapi({ description: 'The agency whose report opened the process.' }),
    open: z.boolean().openapi({ description: 'False once the process has nothing left to do (it then ends).' }),
    steps: z.array(StepView),
  }) satisfies z.ZodType<T.ProcessView>,
);

export const ProcessStarted = registry.register('ProcessStarted', z.object({ processId: z.string(), runId: z.string() }));

export const EventAnswer = registry.register(
  'EventAnswer',
  z.object({
    eventId: z.string(),
    openedSteps: z.array(z.string()).openapi({ description: 'Steps this event opened (or scheduled).' }),
    withdrawnSteps: z.array(z.string()).openapi({ description: 'Ids of the steps this event withdrew.' }),
  }) satisfies z.ZodType<EventAnswerType>,
);

export const YouthProcesses = registry.register(
  'YouthProcesses',
  z.object({
    youthRef: z.string().openapi({ description: 'The surviving registration: the list holds its processes and those of every registration merged into it.' }),
    processes: z.array(
      z.object({
        processId: z.string(),
        obligation: z.string().nullable(),
        status: z.string().openapi({ example: 'RUNNING' }),
        startTime: z.string(),
        closeTime: z.string().nullable(),
        owingAgencies: z.array(z.string()),
        overdue: z.boolean(),
        escalationLevel: z.number().int(),
        nextDeadline: z.string().nullable(),
      }),
    ),
  }),
);

export const ErrorBody = registry.register(
  'Error',
  z.object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      fields: z.array(z.object({ path: z.string().openapi({ example: 'body.youthRef' }), message: z.string() })).optional(),
      processId: z.string().optional().openapi({ description: 'With ENCOUNTER_EXISTS or DETENTION_EXISTS: the process already started for this case.' }),
      rolloutId: z.string().optional().openapi({ description: 'With ROLLOUT_RUNNING: the rollout of the same step kind still running.' }),
    }),
  }),
);
