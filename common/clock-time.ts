// Deadlines in a county's time: pure, so it is tested without a database and the activity
// (activities/calendar.ts) only loads the calendar. The deadline is the earliest instant t ≥ from
// by which `seconds` of counted time have run between from and t:
// - calendar: every second counts (from + seconds);
// - calendar-except-holidays: every second except on the county's holidays (whole local days),
//   e.g. Title 15 §1432's "within 96 hours, holidays excluded";
// - business: only businessDayStart–businessDayEnd local time, Monday–Friday, not on holidays.
//   A deadline reached exactly at closing is that closing time; starting outside business hours,
//   time starts to run at the next opening (so 0 seconds is `from` itself, whatever the clock).
// Hours are real elapsed time, so a DST day of 23 or 25 hours counts as that many.
import { DateTime, IANAZone } from 'luxon';
import type { Clock } from '../workflows/types';

export interface CountyCalendar {
  /** IANA zone, e.g. America/Los_Angeles: what "local" means for days and hours. */
  timeZone: string;
  /** HH:MM local time. */
  businessDayStart: string;
  businessDayEnd: string;
  /** YYYY-MM-DD local dates. */
  holidays: ReadonlySet<string>;
}

/** For a county without a County row: the schema's defaults (prisma/schema.prisma), kept equal by hand. */
export const DEFAULT_COUNTY_CALENDAR = { timeZone: 'America/Los_Angeles', businessDayStart: '08:00', businessDayEnd: '17:00' } as const;

/** About ten years of days: a calendar with no counted time (every day a holiday) fails, not hangs. */
export const MAX_SEARCH_DAYS = 3660;

/** Bad input to addClockTime: `request` for the caller's arguments, `calendar` for the county's data. */
export class ClockTimeError extends Error {
  constructor(
    readonly source: 'request' | 'calendar',
    message: string,
  ) {
    super(message);
    this.name = 'ClockTimeError';
  }
}

const CLOCKS: readonly Clock[] = ['calendar', 'calendar-except-holidays', 'business'];
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function hoursAndMinutes(value: string, field: string): { hour: number; minute: number } {
  const m = HH_MM.exec(value);
  if (!m) throw new ClockTimeError('calendar', `${field} must be a local time HH:MM, got "${value}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** A day's counted time [start, end) in epoch milliseconds, or null when none of it counts. */
type DayWindow = (date: DateTime) => { start: number; end: number } | null;

function dayWindow(clock: Exclude<Clock, 'calendar'>, calendar: CountyCalendar): DayWindow {
  const zone = calendar.timeZone;
  // `date` is a calendar date (in UTC, so adding days is exact); this is the instant of a local time on it.
  const at = (date: DateTime, time: { hour: number; minute: number }) =>
    DateTime.fromObject({ year: date.year, month: date.month, day: date.day, ...time }, { zone }).toMillis();
  const midnight = { hour: 0, minute: 0 };
  if (clock === 'calendar-except-holidays') {
    return (date) => (calendar.holidays.has(date.toISODate()!) ? null : { start: at(date, midnight), end: at(date.plus({ days: 1 }), midnight) });
  }
  const open = hoursAndMinutes(calendar.businessDayStart, 'businessDayStart');
  const close = hoursAndMinutes(calendar.businessDayEnd, 'businessDayEnd');
  if (calendar.businessDayStart >= calendar.businessDayEnd) {
    throw new ClockTimeError('calendar', `businessDayStart (${calendar.businessDayStart}) must be before businessDayEnd (${calendar.businessDayEnd})`);
  }
  const weekend = (date: DateTime) => date.weekday > 5;
  return (date) => (weekend(date) || calendar.holidays.has(date.toISODate()!) ? null : { start: at(date, open), end: at(date, close) });
}

export function addClockTime(from: Date, seconds: number, clock: Clock, calendar: CountyCalendar): Date {
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) throw new ClockTimeError('request', 'from must be a valid instant');
  if (!Number.isFinite(seconds) || seconds < 0) throw new ClockTimeError('request', `seconds must be a finite number ≥ 0, got ${seconds}`);
  if (!CLOCKS.includes(clock)) throw new ClockTimeError('request', `clock must be one of ${CLOCKS.join(', ')}, got "${clock}"`);
  if (!IANAZone.isValidZone(calendar.timeZone)) throw new ClockTimeError('calendar', `timeZone "${calendar.timeZone}" is not an IANA time zone`);

  const fromMs = from.getTime();
  if (clock === 'calendar' || seconds === 0) return new Date(fromMs + seconds * 1000);

  const window = dayWindow(clock, calendar);
  let remaining = seconds * 1000;
  const local = DateTime.fromMillis(fromMs, { zone: calendar.timeZone });
  let date = DateTime.utc(local.year, local.month, local.day);
  // Windows are disjoint and in order, so only the first day's can start before `from`.
  for (let day = 0; day < MAX_SEARCH_DAYS; day++, date = date.plus({ days: 1 })) {
    const w = window(date);
    if (!w) continue;
    const start = Math.max(w.start, fromMs);
    if (start >= w.end) continue;
    if (remaining <= w.end - start) return new Date(start + remaining);
    remaining -= w.end - start;
  }
  throw new ClockTimeError(
    'calendar',
    `No deadline within ${MAX_SEARCH_DAYS} days of ${from.toISOString()} (${clock}, ${seconds} s): are all days holidays, or is the time too long?`,
  );
}
