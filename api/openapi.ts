// The OpenAPI 3 document served at GET /openapi.json, generated from the request schemas. Older
// routes are described here; newer ones beside their route, with the helpers exported below.
import { OpenApiGeneratorV3, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  DeadlineChange,
  ErrorBody,
  LinkParams,
  NewEncounter,
  ProcessParams,
  ProcessStarted,
  ProcessView,
  registry,
  StepCompletion,
  StepParams,
  StepView,
  YouthParams,
  YouthProcesses,
} from './schemas';

registry.registerComponent('securitySchemes', 'bearer', {
  type: 'http',
  scheme: 'bearer',
  description: "The agency's API key: `Authorization: Bearer csec_…`",
});
registry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'X-API-Key' });
export const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];

export const json = (schema: z.ZodType, description: string): ResponseConfig => ({ description, content: { 'application/json': { schema } } });
export const html = (description: string): ResponseConfig => ({ description, content: { 'text/html': { schema: z.string() } } });
export const error = (description: string) => json(ErrorBody, description);
/** 201 with the new resource's address in Location. */
export const created = (schema: z.ZodType, description: string): ResponseConfig => ({
  ...json(schema, description),
  headers: z.object({ Location: z.string() }),
});
export const authErrors = {
  401: error('UNAUTHENTICATED: missing or invalid API key (a demo key outside the demo database too)'),
  429: error('RATE_LIMITED: too many requests for this key, or too many refused ones from this address; see Retry-After'),
  503: error('DATABASE_UNAVAILABLE: the database cannot be reached for the moment; see Retry-After'),
};
export const stepErrors = {
  ...authErrors,
  400: error('VALIDATION_FAILED; INVALID_REQUEST: the step does not take this (e.g. an outcome it does not have)'),
  403: error('FORBIDDEN: the caller may not act on this step (it does not owe it, or is an administrator; for deadlines, is not one)'),
  404: error('PROCESS_NOT_FOUND, or STEP_NOT_FOUND in a process the caller is party to'),
  409: error(
    'WRONG_STATE: the step is not waiting for this action; STEP_NOT_OPEN: it is scheduled for later or blocked; PROCESS_CLOSED: the process has finished',
  ),
};

registry.registerPath({
  method: 'get',
  path: '/health',
  summary: 'Liveness',
  responses: { 200: json(z.object({ ok: z.literal(true) }), 'The API is up') },
});

registry.registerPath({
  method: 'post',
  path: '/v1/encounters',
  summary: 'Report a law-enforcement encounter with a youth (MOU, LE §2–4)',
  description:
    'Starts the LE-contact process for the encounter; only law-enforcement agencies may call it. ' +
    'Reporting the same (youthRef, agency, encounterId) again never starts a second process: it answers 409 ENCOUNTER_EXISTS ' +
    'with the `processId` of the existing one, so a client may safely retry.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: NewEncounter } } } },
  responses: {
    201: created(ProcessStarted, 'Process started'),
    400: error('VALIDATION_FAILED or INVALID_JSON'),
    ...authErrors,
    403: error('FORBIDDEN: the caller is not a law-enforcement agency'),
    404: error('YOUTH_NOT_FOUND: the youth reference is not registered (POST /v1/youth)'),
    409: error('ENCOUNTER_EXISTS: already reported; `processId` names the existing process'),
  },
});

registry.registerPath({
  method: 'get',
  path: '/v1/processes/{processId}',
  summary: 'Where a process stands: each step, who owes it, its deadline and escalations',
  security,
  request: { params: ProcessParams },
  responses: { 200: json(ProcessView, 'The process'), 400: error('VALIDATION_FAILED'), ...authErrors, 404: error('PROCESS_NOT_FOUND') },
});

registry.registerPath({
  method: 'get',
  path: '/v1/youth/{youthRef}/processes',
  summary: "A youth's processes (at most 100), from Temporal visibility",
  description:
    'Visibility is eventually consistent: a process started a moment ago may not be listed yet. A registration merged into another answers ' +
    "for its survivor: the survivor's processes and those of every registration merged into it.",
  security,
  request: { params: YouthParams },
  responses: { 200: json(YouthProcesses, 'The processes'), 400: error('VALIDATION_FAILED'), ...authErrors },
});

registry.registerPath({
  method: 'post',
  path: '/v1/processes/{processId}/steps/{stepId}/acknowledge',
  summary: 'Acknowledge a step your agency owes',
  description: 'Sent while the step is still opening (right after the process started), it waits for the step to open.',
  security,
  request: { params: StepParams },
  responses: { 200: json(StepView, 'The step after the change'), ...stepErrors },
});

registry.registerPath({
  method: 'post',
  path: '/v1/processes/{processId}/steps/{stepId}/complete',
  summary: 'Complete a step your agency owes (acknowledges it too if needed), optionally with one of its outcomes',
  security,
  request: { params: StepParams, body: { required: false, content: { 'application/json': { schema: StepCompletion } } } },
  responses: { 200: json(StepView, 'The step after the change'), ...stepErrors },
});

registry.registerPath({
  method: 'put',
  path: '/v1/processes/{processId}/steps/{stepId}/deadline',
  summary: "Move a waiting step's deadline (administrators only)",
  security,
  request: { params: StepParams, body: { required: true, content: { 'application/json': { schema: DeadlineChange } } } },
  responses: { 200: json(StepView, 'The step after the change'), ...stepErrors },
});

// A browser (Accept: text/html) gets these as a page saying why; other clients get the JSON error.
const linkError = (description: string): ResponseConfig => ({
  description,
  content: { 'application/json': { schema: ErrorBody }, 'text/html': { schema: z.string() } },
});
const linkErrors = {
  400: linkError('VALIDATION_FAILED: not a link token; LINK_INVALID: its signature does not match'),
  410: linkError('LINK_EXPIRED or LINK_USED'),
};

registry.registerPath({
  method: 'get',
  path: '/v1/links/{token}',
  summary: 'Confirmation page for an emailed action link',
  description:
    'Performs nothing (mail scanners prefetch links): the page names the step, youth reference, process, due time and agencies, ' +
    'and holds a button that POSTs to the same address. The signed token is the credential.',
  request: { params: LinkParams },
  responses: {
    200: html('A page with the action, what it concerns, and a confirm button'),
    ...linkErrors,
    404: linkError('PROCESS_NOT_FOUND or STEP_NOT_FOUND'),
  },
});

registry.registerPath({
  method: 'post',
  path: '/v1/links/{token}',
  summary: 'Perform the action of an emailed link (once)',
  description: 'Answers HTML to a browser form post, JSON otherwise.',
  request: { params: LinkParams },
  responses: {
    200: { description: 'Done', content: { 'application/json': { schema: StepView }, 'text/html': { schema: z.string() } } },
    ...linkErrors,
    403: linkError('FORBIDDEN: the agency no longer owes the step'),
    404: linkError('PROCESS_NOT_FOUND or STEP_NOT_FOUND'),
    409: linkError('WRONG_STATE or PROCESS_CLOSED'),
  },
});

export function openApiDocument() {
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'CSEC response orchestration API',
      version: '1',
      description:
        'Report encounters, follow processes, and acknowledge or complete the steps your agency owes under the CSEC MOU. ' +
        'Errors are `{ "error": { "code", "message", "fields"? } }`. Every path answers OPTIONS with 204 and an `Allow` header; ' +
        'a method it does not allow gets 405 METHOD_NOT_ALLOWED with `Allow`. A request line and headers over 16 KiB get 431 HEADERS_TOO_LARGE.',
    },
  });
}
