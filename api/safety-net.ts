// The Safety Net meeting (MOU DA §1–2): the county's administrators set its weekly schedule (and
// pause it for a holiday week); the DA records the meeting's action items, each a step owed by a
// party of the youth's processes.
import { Router } from 'express';
import { z } from 'zod';
import { ensureCountySchedules, isTimeZone, WEEKDAYS } from '../common/county-schedules';
import type { ActionAnswer, ActionKind } from '../workflows/safety-net-input';
import { recordAction, withdrawAction } from '../workflows/safety-net-messages';
import { audit } from './audit';
import { actorOf, callerOf } from './auth';
import type { ApiDeps } from './deps';
import { forbidden } from './errors';
import { rethrowFor } from './need-to-know';
import { authErrors, created, error, json, security } from './openapi';
import { route } from './routes';
import { MeetingId, registry, StepClosure, StepId, StepView, upcomingInstant, YouthRef } from './schemas';
import { validate } from './validate';

const ScheduleChange = registry.register(
  'SafetyNetScheduleChange',
  z
    .strictObject({
      day: z.enum(WEEKDAYS).optional().openapi({ description: 'The local day of the weekly meeting.', example: 'TUESDAY' }),
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM')
        .optional()
        .openapi({ example: '10:00' }),
      timeZone: z
        .string()
        .max(64)
        .refine(isTimeZone, 'must be an IANA time zone such as America/Los_Angeles')
        .optional()
        .openapi({ example: 'America/Los_Angeles' }),
      paused: z.boolean().optional().openapi({ description: 'True pauses the meeting (a holiday week); false resumes it.' }),
      mouAnniversary: z
        .string()
        .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date MM-DD')
        .optional()
        .openapi({ description: "The MOU's anniversary; its yearly review opens 30 days before.", example: '07-01' }),
    })
    .refine((b) => Object.keys(b).length > 0, 'must change at least one setting'),
);

interface ScheduleView {
  county: string;
  day: string;
  time: string;
  timeZone: string;
  paused: boolean;
  mouAnniversary: string;
  mouRenewedOn: string | null;
  schedules: string[];
}
const ScheduleView = registry.register(
  'SafetyNetSchedule',
  z.object({
    county: z.string(),
    day: z.string(),
    time: z.string(),
    timeZone: z.string(),
    paused: z.boolean(),
    mouAnniversary: z.string(),
    mouRenewedOn: z.string().nullable().openapi({ description: 'The renewal date the last completed MOU review recorded.' }),
    schedules: z.array(z.string()).openapi({ description: 'The Temporal Schedule ids (the meeting, the yearly review).' }),
  }) satisfies z.ZodType<ScheduleView>,
);

const NewAction = registry.register(
  'SafetyNetAction',
  z.strictObject({
    kind: z
      .enum(['ACTION', 'PROBATION_FILE_INFORMATION'] satisfies ActionKind[])
      .default('ACTION')
      .openapi({ description: "PROBATION_FILE_INFORMATION: the DA asks Probation for the youth's file information (MOU Probation §3)." }),
    youthRef: YouthRef,
    owningAgencyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an agency id'),
    task: z.string().trim().min(1).max(1000).openapi({ description: 'What is to be done. Kept in the meeting record; never emailed.' }),
    dueAt: upcomingInstant('The due date of the action item.'),
  }),
);
const ActionAnswer = registry.register(
  'SafetyNetActionAnswer',
  z.object({ stepId: z.string(), youthRef: z.string(), owningAgencyId: z.string() }) satisfies z.ZodType<ActionAnswer>,
);

registry.registerPath({
  method: 'put',
  path: '/v1/admin/safety-net-schedule',
  summary: "Change the county's weekly Safety Net meeting (day, time, time zone), pause or resume it, or the MOU's anniversary (administrators only)",
  security,
  request: { body: { required: true, content: { 'application/json': { schema: ScheduleChange } } } },
  responses: {
    200: json(ScheduleView, 'The settings, with the schedules brought up to date'),
    400: error('VALIDATION_FAILED (e.g. body.timeZone: not an IANA time zone)'),
    ...authErrors,
    403: error('FORBIDDEN: the caller is not an administrator'),
  },
});
registry.registerPath({
  method: 'post',
  path: '/v1/safety-net-meetings/{meetingId}/actions',
  summary: "Record an action item of the meeting (the county's DA only): a step owed by a party of the youth's processes",
  security,
  request: { params: z.object({ meetingId: MeetingId }), body: { required: true, content: { 'application/json': { schema: NewAction } } } },
  responses: {
    201: created(ActionAnswer, 'The step opened for the owning agency'),
    400: error('VALIDATION_FAILED; INVALID_REQUEST: file information is asked of Probation'),
    ...authErrors,
    403: error('FORBIDDEN: the caller is not the county’s DA'),
    404: error('PROCESS_NOT_FOUND: no such meeting'),
    409: error("NOT_A_PARTY: the owning agency is not a party of the youth's open processes; WRONG_STATE: the agenda is being prepared; PROCESS_CLOSED"),
  },
});

registry.registerPath({
  method: 'post',
  path: '/v1/safety-net-meetings/{meetingId}/actions/{stepId}/withdraw',
  summary: 'Withdraw an action item that is no longer needed, with a reason (the county’s DA only)',
  security,
  request: { params: z.object({ meetingId: MeetingId, stepId: StepId }), body: { required: true, content: { 'application/json': { schema: StepClosure } } } },
  responses: {
    200: json(StepView, 'The withdrawn step'),
    400: error('VALIDATION_FAILED; INVALID_REQUEST: no reason'),
    ...authErrors,
    403: error('FORBIDDEN: the caller is not the county’s DA'),
    404: error('PROCESS_NOT_FOUND; STEP_NOT_FOUND: no such action item'),
    409: error('WRONG_STATE: the item is closed; PROCESS_CLOSED'),
  },
});

export function safetyNetRoutes({ client, db, taskQueue }: ApiDeps): Router {
  const router = Router();

  route(router, '/admin/safety-net-schedule', {
    put: async (req, res) => {
      const { agencyId, county, admin } = callerOf(res);
      if (!admin) throw forbidden("Only the county's administrators change the meeting's schedule");
      const { body } = validate(req, { body: ScheduleChange });
      const data = {
        safetyNetDay: body.day,
        safetyNetTime: body.time,
        safetyNetTimeZone: body.timeZone,
        safetyNetPaused: body.paused,
        mouAnniversary: body.mouAnniversary,
      };
      const row = await db.county.upsert({ where: { id: county }, create: { id: county, ...data }, update: data });
      const schedules = await ensureCountySchedules(client, db, taskQueue, county);
      await audit(db, {
        actor: agencyId,
        action: 'api.safety-net-schedule.put',
        detail: { county, ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])) },
      });
      res.json({
        county,
        day: row.safetyNetDay,
        time: row.safetyNetTime,
        timeZone: row.safetyNetTimeZone,
        paused: row.safetyNetPaused,
        mouAnniversary: row.mouAnniversary,
        mouRenewedOn: row.mouRenewedOn,
        schedules,
      } satisfies ScheduleView);
    },
  });

  route(router, '/safety-net-meetings/:meetingId/actions', {
    post: async (req, res) => {
      const caller = callerOf(res);
      if (caller.agencyType !== 'DA' || caller.admin) throw forbidden("Only the county's DA records the meeting's action items");
      const { params, body } = validate(req, { params: z.object({ meetingId: MeetingId }), body: NewAction });
      const actor = actorOf(caller);
      const answer = await client.workflow
        .getHandle(params.meetingId)
        .executeUpdate(recordAction, { args: [{ ...body, actor }] })
        .catch(rethrowFor(client, params.meetingId, actor));
      // Never the task: it is free text.
      await audit(db, { actor: caller.agencyId, action: 'api.safety-net.action', workflowId: params.meetingId, stepId: answer.stepId });
      res
        .status(201)
        .location(`/v1/processes/${encodeURIComponent(params.meetingId)}`)
        .json(answer);
    },
  });

  route(router, '/safety-net-meetings/:meetingId/actions/:stepId/withdraw', {
    post: async (req, res) => {
      const caller = callerOf(res);
      if (caller.agencyType !== 'DA' || caller.admin) throw forbidden("Only the county's DA withdraws the meeting's action items");
      const { params, body } = validate(req, { params: z.object({ meetingId: MeetingId, stepId: StepId }), body: StepClosure });
      const actor = actorOf(caller);
      const step = await client.workflow
        .getHandle(params.meetingId)
        .executeUpdate(withdrawAction, { args: [{ stepId: params.stepId, reason: body.reason, actor }] })
        .catch(rethrowFor(client, params.meetingId, actor));
      await audit(db, { actor: caller.agencyId, action: 'api.safety-net.withdraw', workflowId: params.meetingId, stepId: params.stepId });
      res.json(step);
    },
  });

  return router;
}
