// Request schemas (validation) and response schemas (documentation), all registered for the
// OpenAPI document so the two cannot drift apart.
import { extendZodWithOpenApi, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LINK_TOKEN } from '../common/links';
import { encounterTypes } from '../workflows/encounter';

extendZodWithOpenApi(z);

export const registry = new OpenAPIRegistry();

const FUTURE_TOLERANCE_MINUTES = 5;
const instant = z.iso.datetime({ offset: true, abort: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2025-01-31T14:05:00-08:00' });
// zod-to-openapi writes only `format: date-time`; zod's own JSON Schema adds the pattern zod checks
// (seconds, a capital T and a zone), so a schema-driven client sends only values zod accepts.
const isoInstant = () => instant.openapi({ pattern: z.toJSONSchema(instant).pattern });

// Letters and digits both required: refuses names ("JANEDOE") and bare dates or numbers ("20080314").
export const YouthRef = registry.register(
  'YouthRef',
  z
    .string()
    .regex(
      /^(?=.*[0-9])(?=.*[A-Z])[A-Z0-9][A-Z0-9-]{3,39}$/,
      'must be an opaque youth reference (4–40 capital letters, digits and dashes, with at least one of each), never a name or date',
    )
    .openapi({
      description: "The youth's opaque reference from the agency's system. Never a name, birth date or other identifying detail.",
      example: 'Y-1234',
    }),
);

// A case number, so it has a digit: a bare name never reaches a workflow id.
export const EncounterId = z
  .string()
  .regex(/^(?=.*[0-9])[A-Za-z0-9._-]{1,64}$/, 'must be an agency case number: 1–64 letters, digits, dots, underscores or dashes, with a digit')
  .openapi({ example: 'E-2025-0001' });

export const ProcessId = z
  .string()
  .regex(/^[a-z-]+\/[A-Z0-9-]+\/[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/, 'must be a process id such as le-contact/Y-1234/demo-sheriff/E-1')
  .openapi({ description: 'Process id; it contains slashes, so URL-encode it as one path segment.', example: 'le-contact/Y-1234/demo-sheriff/E-1' });

export const StepId = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, 'must be a step id such as advocate-response')
  .openapi({ example: 'advocate-response' });

export const NewEncounter = registry.register(
  'NewEncounter',
  z.strictObject({
    youthRef: YouthRef,
    encounterId: EncounterId,
    encounterType: z.enum(encounterTypes),
    occurredAt: isoInstant()
      .refine((v) => Date.parse(v) <= Date.now() + FUTURE_TOLERANCE_MINUTES * 60_000, `must not be more than ${FUTURE_TOLERANCE_MINUTES} minutes in the future`)
      .openapi({
        description: `When the encounter happened; at most ${FUTURE_TOLERANCE_MINUTES} minutes ahead of the server clock.`,
        // JSON Schema cannot compare with "now": this extension states the bound as an ISO 8601
        // duration after the server's clock (schema-driven tools that ignore it may send later times).
        'x-maximum-from-now': `PT${FUTURE_TOLERANCE_MINUTES}M`,
      }),
    participatedInInvestigation: z
      .boolean()
      .default(false)
      .openapi({ description: 'Whether the youth took part in a current investigation of an alleged trafficker.' }),
  }),
);

export const DeadlineChange = registry.register(
  'DeadlineChange',
  z.strictObject({ dueAt: isoInstant().openapi({ description: 'The new deadline; a time already past escalates the step at once.' }) }),
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

// Responses: documentation only; their shapes are the workflow's (workflows/messages.ts).
const Party = registry.register('Party', z.object({ agencyId: z.string(), agencyName: z.string(), role: z.string() }));

export const StepView = registry.register(
  'StepView',
  z.object({
    id: z.string(),
    title: z.string(),
    status: z.enum(['AWAITING_ACKNOWLEDGMENT', 'AWAITING_COMPLETION', 'COMPLETED']),
    chain: z.array(Party).openapi({ description: 'The assignee (level 0) and, above it, the escalation chain.' }),
    level: z.number().int(),
    owing: Party,
    overdue: z.boolean(),
    dueAt: z.string().nullable(),
    openedAt: z.string(),
    acknowledgedAt: z.string().optional(),
    acknowledgedBy: z.string().optional(),
    completedAt: z.string().optional(),
    completedBy: z.string().optional(),
    escalations: z.array(z.object({ level: z.number().int(), at: z.string() })),
  }),
);

export const ProcessView = registry.register(
  'ProcessView',
  z.object({
    obligation: z.string(),
    youthRef: z.string(),
    county: z.string(),
    initiatingAgencyId: z.string().optional().openapi({ description: 'The agency whose report opened the process.' }),
    steps: z.array(StepView),
  }),
);

export const EncounterCreated = registry.register('EncounterCreated', z.object({ processId: z.string(), runId: z.string() }));

export const YouthProcesses = registry.register(
  'YouthProcesses',
  z.object({
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
      processId: z.string().optional().openapi({ description: 'With ENCOUNTER_EXISTS: the process already started for this encounter.' }),
    }),
  }),
);
