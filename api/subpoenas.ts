// Court support (MOU Probation §7; DA §4–5; Advocacy §3–4): the DA serves a youth a subpoena (the
// process starts), then sets, continues and vacates hearings, reports status changes and closes
// the prosecution with its disposition.
import { Router } from 'express';
import type { UpdateDefinition } from '@temporalio/client';
import type { z } from 'zod';
import { startCourtSupport } from '../common/processes';
import { COURT_SUPPORT } from '../workflows/court-support-input';
import { addHearing, changeStatus, closeSubpoena, continueHearing, vacateHearing } from '../workflows/court-support-messages';
import type { Actor } from '../workflows/types';
import { audit } from './audit';
import { actorOf, callerOf } from './auth';
import type { ApiDeps } from './deps';
import { forbidden } from './errors';
import { rethrowFor } from './need-to-know';
import { authErrors, created, error, json, security } from './openapi';
import { route } from './routes';
import { ProcessStarted, registry } from './schemas';
import {
  CourtSupportViewSchema,
  DispositionBody,
  HearingMoveBody,
  HearingParams,
  HearingView,
  NewHearingBody,
  NewSubpoena,
  SubpoenaParams,
  SubpoenaStatus,
} from './subpoena-schemas';
import { processNotFound, rethrowStart } from './temporal-errors';
import { validate } from './validate';
import { requireYouth } from './youth-access';

const SUBPOENA = '/v1/subpoenas/{processId}';
const processErrors = (refusals: string) => ({
  400: error(`VALIDATION_FAILED or INVALID_JSON; INVALID_REQUEST: ${refusals}`),
  ...authErrors,
  403: error("FORBIDDEN: the caller is not one of the county's District Attorneys' offices (for /status, nor its Probation department)"),
  404: error('PROCESS_NOT_FOUND: no such court-support process; HEARING_NOT_FOUND: no such hearing in it'),
  409: error('WRONG_STATE: the hearing was vacated, or the prosecution closed; PROCESS_CLOSED: the process has ended'),
});

registry.registerPath({
  method: 'post',
  path: '/v1/subpoenas',
  summary: 'Report that the DA served a youth a subpoena as a victim witness (MOU Probation §7; DA §4–5; Advocacy §3–4)',
  description:
    "Starts the court-support process: the VW consultant's contact, the advocate, the designated DDAs, the youth's own counsel told; opens or joins " +
    "the youth's victim-of-crime claim. DA agencies only. The same (youthRef, agency, caseRef) again answers 409 SUBPOENA_EXISTS with the existing `processId`.",
  security,
  request: { body: { required: true, content: { 'application/json': { schema: NewSubpoena } } } },
  responses: {
    201: created(ProcessStarted, 'Process started'),
    400: error('VALIDATION_FAILED or INVALID_JSON'),
    ...authErrors,
    403: error('FORBIDDEN: the caller is not a DA agency'),
    404: error('YOUTH_NOT_FOUND: the youth reference is not registered (POST /v1/youth)'),
    409: error('SUBPOENA_EXISTS: already reported; `processId` names the existing process'),
  },
});

/** One change to a subpoena's process: its path, method, body and Update, documented here beside its route. */
interface Change<B> {
  method: 'post' | 'put' | 'delete';
  path: string;
  body?: z.ZodType<B>;
  /** The path names a hearing. */
  hearing?: boolean;
  update: UpdateDefinition<unknown, [B & { actor: Actor; hearingId?: string }], string>;
  answer: z.ZodType;
  summary: string;
  refusals: string;
  status?: 201;
}

function change<B>(c: Change<B>): Change<B> {
  registry.registerPath({
    method: c.method,
    path: `${SUBPOENA}${c.path.replace(':hearingId', '{hearingId}')}`,
    summary: c.summary,
    security,
    request: {
      params: c.hearing ? HearingParams : SubpoenaParams,
      ...(c.body && { body: { required: true, content: { 'application/json': { schema: c.body } } } }),
    },
    responses: { [c.status ?? 200]: json(c.answer, 'The result'), ...processErrors(c.refusals) },
  });
  return c;
}

const changes = [
  change({
    method: 'put',
    path: '/status',
    body: SubpoenaStatus,
    update: changeStatus,
    answer: CourtSupportViewSchema,
    summary: "The youth's custody or dependency status changed: upcoming hearings' transport and social-worker steps follow (DA or Probation)",
    refusals: 'none beyond validation',
  }),
  change({
    method: 'post',
    path: '/hearings',
    body: NewHearingBody,
    update: addHearing,
    answer: HearingView,
    status: 201,
    summary: 'Set a hearing: its steps open, due a lead time before it (as soon as possible inside that lead)',
    refusals: 'the hearing time has passed',
  }),
  change({
    method: 'put',
    path: '/hearings/:hearingId',
    hearing: true,
    body: HearingMoveBody,
    update: continueHearing,
    answer: HearingView,
    summary: 'Continue (move) a hearing: every open step moves, transport and accompaniment are confirmed again, each party is emailed once',
    refusals: 'the new time has passed, or is the current one',
  }),
  change({
    method: 'delete',
    path: '/hearings/:hearingId',
    hearing: true,
    update: vacateHearing,
    answer: HearingView,
    summary: 'Vacate a hearing: its steps are withdrawn; nothing more is sent for it',
    refusals: 'none beyond validation',
  }),
  change({
    method: 'post',
    path: '/close',
    body: DispositionBody,
    update: closeSubpoena,
    answer: CourtSupportViewSchema,
    summary: "Record the prosecution's disposition: the steps still owed are withdrawn; the process ends once the claim is decided",
    refusals: 'none beyond validation',
  }),
];

export function subpoenaRoutes({ client, db, keys, taskQueue }: ApiDeps): Router {
  const router = Router();

  route(router, '/subpoenas', {
    post: async (req, res) => {
      const { body } = validate(req, { body: NewSubpoena });
      const caller = callerOf(res);
      if (caller.agencyType !== 'DA' || caller.admin) throw forbidden("Only District Attorneys' offices report subpoenas");
      await requireYouth(db, body.youthRef, caller);
      // The DA's office and county come from the key, never from the body.
      const input = { ...body, daAgencyId: caller.agencyId, county: caller.county };
      const handle = await startCourtSupport(client, taskQueue, input, keys.caseIndexKey).catch(
        rethrowStart('SUBPOENA_EXISTS', 'This subpoena was already reported'),
      );
      await audit(db, { actor: caller.agencyId, action: 'api.subpoena.create', workflowId: handle.workflowId });
      res
        .status(201)
        .location(`/v1/processes/${encodeURIComponent(handle.workflowId)}`)
        .json({ processId: handle.workflowId, runId: handle.firstExecutionRunId });
    },
  });

  // Several changes share a path (PUT and DELETE of a hearing): one route() per path.
  const paths = new Map<string, Change<unknown>[]>();
  for (const c of changes as Change<unknown>[]) paths.set(c.path, [...(paths.get(c.path) ?? []), c]);
  for (const [path, cs] of paths) {
    route(
      router,
      `/subpoenas/:processId${path}`,
      Object.fromEntries(
        cs.map((c) => [
          c.method,
          async (req, res) => {
            const { params, body } = validate(req, { params: c.hearing ? HearingParams : SubpoenaParams, ...(c.body && { body: c.body }) });
            if (!params.processId.startsWith(`${COURT_SUPPORT}/`)) throw processNotFound();
            const caller = callerOf(res);
            const actor = actorOf(caller);
            // The process checks the caller: a stranger is not found, a party that may not send it is refused (403).
            const answer = await client.workflow
              .getHandle(params.processId)
              .executeUpdate(c.update, { args: [{ ...(body as object | undefined), ...('hearingId' in params && { hearingId: params.hearingId }), actor }] })
              .catch(rethrowFor(client, params.processId, actor));
            await audit(db, { actor: caller.agencyId, action: `api.subpoena.${c.method}${path.replace(/\/:hearingId/, '')}`, workflowId: params.processId });
            res.status(c.status ?? 200).json(answer);
          },
        ]),
      ),
    );
  }
  return router;
}
