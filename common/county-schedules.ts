// Each county's Temporal Schedules: the weekly Safety Net meeting (its day, time and time zone are
// the county's setting) and the yearly MOU review, 30 days before the anniversary. Created or
// brought up to date from the County row, idempotently: the worker does it at start, and the
// administrators' route after a change.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { DateTime, IANAZone } from 'luxon';
import type { County as CountyRow } from '../prisma/generated/client';
import { MOU_REVIEW, SAFETY_NET, type MeetingInput, type MouReviewInput } from '../workflows/safety-net-input';
import { County, Obligation } from '../workflows/search-attributes';
import type { Db } from './db';

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;

export const isTimeZone = (zone: string) => IANAZone.isValidZone(zone);

export const safetyNetScheduleId = (county: string) => `${SAFETY_NET}/${county}`;
export const mouReviewScheduleId = (county: string) => `${MOU_REVIEW}/${county}`;

/** A missed firing (worker or server down) still runs within a day; a second one while the first is starting is skipped. */
const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' } as const;

function meetingSchedule(row: CountyRow, input: MeetingInput, taskQueue: string): ScheduleOptions {
  const [hour, minute] = row.safetyNetTime.split(':').map(Number);
  return {
    scheduleId: safetyNetScheduleId(row.id),
    spec: { calendars: [{ dayOfWeek: row.safetyNetDay as Weekday, hour, minute, comment: 'weekly Safety Net meeting' }], timezone: row.safetyNetTimeZone },
    action: { type: 'startWorkflow', workflowType: 'safetyNetFiring', workflowId: `${SAFETY_NET}-firing/${row.id}`, args: [input], taskQueue },
    policies,
    state: { paused: row.safetyNetPaused, note: row.safetyNetPaused ? 'paused by the county administrators' : 'running' },
  };
}

/** 09:00 local, 30 days before the anniversary (counted in a year without 29 February). */
function reviewSchedule(row: CountyRow, input: MouReviewInput, taskQueue: string): ScheduleOptions {
  const [month, day] = row.mouAnniversary.split('-').map(Number);
  const opens = DateTime.fromObject({ year: 2001, month, day }).minus({ days: 30 });
  return {
    scheduleId: mouReviewScheduleId(row.id),
    spec: {
      calendars: [{ month: MONTHS[opens.month - 1], dayOfMonth: opens.day, hour: 9, minute: 0, comment: 'yearly MOU review' }],
      timezone: row.safetyNetTimeZone,
    },
    action: {
      type: 'startWorkflow',
      workflowType: 'mouReview',
      workflowId: mouReviewScheduleId(row.id),
      args: [input],
      taskQueue,
      typedSearchAttributes: [
        { key: Obligation, value: MOU_REVIEW },
        { key: County, value: row.id },
      ],
    },
    policies,
  };
}

async function upsert(client: Client, { scheduleId, ...options }: ScheduleOptions): Promise<void> {
  try {
    await client.schedule.create({ scheduleId, ...options });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, ...options, state: { ...previous.state, ...options.state } }));
  }
}

/** Both schedules of each county that has a designated DA (who convenes the meeting); answers their ids. */
export async function ensureCountySchedules(client: Client, db: Db, taskQueue: string, county?: string): Promise<string[]> {
  const rows = await db.county.findMany({ where: county ? { id: county } : {}, orderBy: { id: 'asc' } });
  const ids: string[] = [];
  for (const row of rows) {
    const da = await db.agency.findFirst({ where: { county: row.id, type: 'DA', designated: true, outOfCounty: false } });
    if (!da) continue;
    const meeting = meetingSchedule(row, { county: row.id, daAgencyId: da.id }, taskQueue);
    const review = reviewSchedule(row, { county: row.id }, taskQueue);
    await upsert(client, meeting);
    await upsert(client, review);
    ids.push(meeting.scheduleId, review.scheduleId);
  }
  return ids;
}
