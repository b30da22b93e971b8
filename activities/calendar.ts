// Deadlines for the workflows, computed here so a workflow's replay never depends on today's
// calendar: it loads the county's calendar and counts time with common/clock-time.ts.
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../common/db';
import { addClockTime, ClockTimeError, DEFAULT_COUNTY_CALENDAR } from '../common/clock-time';
import type { DeadlineRequest } from '../workflows/types';

// An ISO 8601 date-time with Z or an offset: without one, the instant would depend on the worker's zone.
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i;

export function createCalendarActivities(db: Db) {
  return {
    /** The instant (ISO, UTC) `req.seconds` of `req.clock` time after `req.from` in the county. */
    async deadline(req: DeadlineRequest): Promise<string> {
      // A bad request is a bug in the caller: retrying cannot help. A bad calendar is
      // retried, so the step waits until an administrator corrects the county's data.
      try {
        if (typeof req.from !== 'string' || !ISO_INSTANT.test(req.from)) {
          throw new ClockTimeError('request', `from must be an ISO 8601 instant with a zone, got "${req.from}"`);
        }
        const [county, holidays] = await Promise.all([
          db.county.findUnique({ where: { id: req.county } }),
          db.holiday.findMany({ where: { county: req.county }, select: { date: true } }),
        ]);
        const calendar = { ...(county ?? DEFAULT_COUNTY_CALENDAR), holidays: new Set(holidays.map((h) => h.date)) };
        return addClockTime(new Date(req.from), req.seconds, req.clock, calendar).toISOString();
      } catch (err) {
        if (err instanceof ClockTimeError && err.source === 'request') throw ApplicationFailure.nonRetryable(err.message, 'INVALID_DEADLINE_REQUEST');
        if (err instanceof ClockTimeError) throw ApplicationFailure.retryable(`${req.county}: ${err.message}`, 'INVALID_COUNTY_CALENDAR');
        throw err;
      }
    },
  };
}
