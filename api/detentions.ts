// Detention (MOU Probation §1–3, §5, §9): Probation books a youth (the process starts), then
// Probation and the DA send events about the stay; each event may open or withdraw steps.
import { Router, type IRouter } from 'express';
import type { UpdateDefinition } from '@temporalio/client';
import type { z } from 'zod';
import { startDetention } from '../common/processes';
import {
  DETENTION,
  privilegedCorrespondents,
  type CommunicationFlag,
  type DetentionEvent,
  type EventAnswer as EventAnswerType,
} from '../workflows/detention-input';
import { flagCommunication, planRelease, recordRelease, requestInformation } from '../workflows/detention-messages';
import type { Actor } from '../workflows/types';
import { audit } from './audit';
import { actorOf, callerOf } from './auth';
import type { ApiDeps } from './deps';
import { CommunicationFlagBody, InformationRequest, NewDetention, ReleaseBody, ReleasePlanBody } from './detention-schemas';
import { ApiError, forbidden } from './errors';
import { authErrors, created, error, json, security } from './openapi';
import { route } from './routes';
import { EventAnswer, ProcessParams, ProcessStarted, registry } from './schemas';
import { rethrowFor } from './need-to-know';
import { processNotFound, rethrowStart } from './temporal-errors';
import { validate } from './validate';
import { requireYouth } from './youth-access';

type Sender = 'PROBATION' | 'DA';
const senders: Record<Sender, string> = { PROBATION: 'Probation agencies', DA: "District Attorneys' offices" };

registry.registerPath({
  method: 'post',
  path: '/v1/detentions',
  summary: 'Report that Probation booked an identified CSEC youth into detention (MOU Probation §1–2)',
  description:
    'Starts the detention process: health screening and referrals, the advocate for the whole stay, the DPO told. Only Probation agencies ' +
    'may call it; the booking agency and county come from the key. The same (youthRef, agency, bookingRef) again never starts a second ' +
    'process: it answers 409 DETENTION_EXISTS with the `processId` of the existing one, so a client may safely retry.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: NewDetention } } } },
  responses: {
    201: created(ProcessStarted, 'Process started'),
    400: error('VALIDATION_FAILED or INVALID_JSON'),
    ...authErrors,
    403: error('FORBIDDEN: the caller is not a Probation agency'),
    404: error('YOUTH_NOT_FOUND: the youth reference is not registered (POST /v1/youth)'),
    409: error('DETENTION_EXISTS: already reported; `processId` names the existing process'),
  },
});

/** One event of a detention: who sends it, what it carries, and which Update receives it. */
interface EventRoute<E extends DetentionEvent> {
  path: string;
  sender: Sender;
  body: z.ZodType<E>;
  update: UpdateDefinition<EventAnswerType, [E & { actor: Actor }], string>;
  summary: string;
  /** A refusal the API owns: nothing of such a request reaches the process. */
  refuse?: (event: E) => ApiError | undefined;
  refusals?: string;
}

/** Registers the event's OpenAPI path here, beside the route built from the same description. */
function detentionEvent<E extends DetentionEvent>(e: EventRoute<E>): EventRoute<E> {
  registry.registerPath({
    method: 'post',
    path: `/v1/detentions/{processId}/${e.path}`,
    summary: `${e.summary} (${senders[e.sender]} only)`,
    description: 'Answers what the event opened and withdrew. Sending the same eventId again gets the same answer and changes nothing.',
    security,
    request: { params: ProcessParams, body: { required: true, content: { 'application/json': { schema: e.body } } } },
    responses: {
      200: json(EventAnswer, 'What the event opened and withdrew'),
      400: error(`VALIDATION_FAILED or INVALID_JSON${e.refusals ? `; ${e.refusals}` : ''}`),
      ...authErrors,
      403: error(`FORBIDDEN: the caller is not one of the county's ${senders[e.sender]}`),
      404: error('PROCESS_NOT_FOUND: no such detention process'),
      409: error('WRONG_STATE: the youth was already released; PROCESS_CLOSED: the process has ended'),
    },
  });
  return e;
}

const events = {
  flag: detentionEvent({
    path: 'communication-flags',
    sender: 'PROBATION',
    body: CommunicationFlagBody,
    update: flagCommunication,
    summary: "Flag screened mail or a call that may reach the youth's exploiter (MOU Probation §5)",
    // Title 15 §1375: staff may not read mail with attorneys or courts, so such a flag is never recorded.
    refuse: ({ correspondent }: CommunicationFlag) =>
      privilegedCorrespondents.includes(correspondent)
        ? new ApiError(
            400,
            'PRIVILEGED_COMMUNICATION',
            `Communication with ${correspondent === 'ATTORNEY' ? 'an attorney' : 'a court'} is privileged (Title 15 §1375): it is not screened or flagged`,
          )
        : undefined,
    refusals: 'PRIVILEGED_COMMUNICATION: the correspondent is an attorney or a court',
  }),
  informationRequest: detentionEvent({
    path: 'information-requests',
    sender: 'DA',
    body: InformationRequest,
    update: requestInformation,
    summary: 'Ask Probation for file information for the Safety Net meeting (MOU Probation §3)',
  }),
  releasePlan: detentionEvent({
    path: 'release-plans',
    sender: 'PROBATION',
    body: ReleasePlanBody,
    update: planRelease,
    summary: 'Plan the release; an out-of-county one opens the hand-off to the home county now (MOU Probation §9)',
  }),
  release: detentionEvent({
    path: 'release',
    sender: 'PROBATION',
    body: ReleaseBody,
    update: recordRelease,
    summary: 'Record the release: the in-detention steps end, care continues, the hand-off and follow-ups open (MOU Probation §1, §9)',
  }),
};

export function detentionRoutes({ client, db, keys, taskQueue }: ApiDeps): Router {
  const router = Router();

  route(router, '/detentions', {
    post: async (req, res) => {
      const { body } = validate(req, { body: NewDetention });
      const caller = callerOf(res);
      if (caller.agencyType !== 'PROBATION') throw forbidden('Only Probation agencies report bookings');
      await requireYouth(db, body.youthRef, caller);
      // The booking agency and county come from the key, never from the body.
      const input = { ...body, probationAgencyId: caller.agencyId, county: caller.county };
      const handle = await startDetention(client, taskQueue, input, keys.caseIndexKey).catch(
        rethrowStart('DETENTION_EXISTS', 'This booking was already reported'),
      );
      await audit(db, { actor: caller.agencyId, action: 'api.detention.create', workflowId: handle.workflowId });
      res
        .status(201)
        .location(`/v1/processes/${encodeURIComponent(handle.workflowId)}`)
        .json({ processId: handle.workflowId, runId: handle.firstExecutionRunId });
    },
  });

  function eventRoute<E extends DetentionEvent>(r: IRouter, e: EventRoute<E>): void {
    route(r, `/detentions/:processId/${e.path}`, {
      post: async (req, res) => {
        const { params, body } = validate(req, { params: ProcessParams, body: e.body });
        if (!params.processId.startsWith(`${DETENTION}/`)) throw processNotFound();
        const caller = callerOf(res);
        if (caller.agencyType !== e.sender) throw forbidden(`Only ${senders[e.sender]} send this`);
        const refused = e.refuse?.(body);
        if (refused) throw refused;
        const actor = actorOf(caller);
        const answer = await client.workflow
          .getHandle(params.processId)
          .executeUpdate(e.update, { args: [{ ...body, actor }] })
          .catch(rethrowFor(client, params.processId, actor));
        // Who sent which kind of event to which process; never what it said.
        await audit(db, { actor: caller.agencyId, action: `api.detention.${e.path}`, workflowId: params.processId });
        res.json(answer);
      },
    });
  }
  eventRoute(router, events.flag);
  eventRoute(router, events.informationRequest);
  eventRoute(router, events.releasePlan);
  eventRoute(router, events.release);

  return router;
}
