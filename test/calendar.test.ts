// Deadlines in a county's time: the pure computation (every clock, weekends, holidays, DST in
// America/Los_Angeles), then the activity against the real database.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { DateTime } from 'luxon';
import { createCalendarActivities } from '../activities/calendar';
import type { Clock } from '../workflows/types';
import { addClockTime, DEFAULT_COUNTY_CALENDAR, MAX_SEARCH_DAYS, type CountyCalendar } from '../common/clock-time';
import { openDb, type Db } from '../common/db';

const LA = 'America/Los_Angeles';
const HOUR = 3600;
const BUSINESS_DAY = 9 * HOUR;
const calendar: CountyCalendar = { ...DEFAULT_COUNTY_CALENDAR, holidays: new Set(['2026-12-25', '2027-01-01']) };

/** The deadline as a local ISO time in Los Angeles, from a local start time there. */
function deadline(fromLocal: string, seconds: number, clock: Clock, cal: CountyCalendar = calendar): string {
  const from = DateTime.fromISO(fromLocal, { zone: LA }).toJSDate();
  return DateTime.fromJSDate(addClockTime(from, seconds, clock, cal), { zone: LA }).toISO({ suppressMilliseconds: true })!;
}

describe('addClockTime', () => {
  test('calendar time is plain elapsed time, weekends and holidays included', () => {
    expect(deadline('2026-12-24T16:00', 24 * HOUR, 'calendar')).toBe('2026-12-25T16:00:00-08:00');
  });

  test('business time within one day', () => {
    expect(deadline('2026-12-01T09:00', 3 * HOUR, 'business')).toBe('2026-12-01T12:00:00-08:00'); // a Tuesday
  });

  test('business time across a weekend: 2 business days from Friday 15:00 is Tuesday 15:00', () => {
    expect(deadline('2026-12-04T15:00', 2 * BUSINESS_DAY, 'business')).toBe('2026-12-08T15:00:00-08:00');
  });

  test('Friday 16:00 + 2 business hours is Monday 09:00', () => {
    expect(deadline('2026-12-04T16:00', 2 * HOUR, 'business')).toBe('2026-12-07T09:00:00-08:00');
  });

  test('starting on a Saturday, business time starts at Monday opening', () => {
    expect(deadline('2026-12-05T10:00', 2 * HOUR, 'business')).toBe('2026-12-07T10:00:00-08:00');
    expect(deadline('2026-12-01T06:30', HOUR, 'business')).toBe('2026-12-01T09:00:00-08:00'); // before opening
  });

  test('business time skips a holiday (Christmas on a Friday, then the weekend)', () => {
    expect(deadline('2026-12-24T16:00', BUSINESS_DAY, 'business')).toBe('2026-12-28T16:00:00-08:00');
  });

  test('"96 hours, holidays excluded" from the day before Christmas ends 24 h after calendar time', () => {
    expect(deadline('2026-12-24T10:00', 96 * HOUR, 'calendar')).toBe('2026-12-28T10:00:00-08:00');
    expect(deadline('2026-12-24T10:00', 96 * HOUR, 'calendar-except-holidays')).toBe('2026-12-29T10:00:00-08:00');
    // Starting on the holiday itself, time starts at the next midnight.
    expect(deadline('2026-12-25T10:00', HOUR, 'calendar-except-holidays')).toBe('2026-12-26T01:00:00-08:00');
  });

  test('a deadline reached exactly at closing time stays at closing time', () => {
    expect(deadline('2026-12-01T08:00', BUSINESS_DAY, 'business')).toBe('2026-12-01T17:00:00-08:00');
    expect(deadline('2026-12-01T16:00', HOUR, 'business')).toBe('2026-12-01T17:00:00-08:00');
    expect(deadline('2026-12-01T16:00', HOUR + 1, 'business')).toBe('2026-12-02T08:00:01-08:00');
  });

  test('zero seconds is the start itself, on every clock', () => {
    for (const clock of ['calendar', 'calendar-except-holidays', 'business'] as const) {
      expect(deadline('2026-12-05T10:00', 0, clock)).toBe('2026-12-05T10:00:00-08:00');
    }
  });

  describe('spring forward (Sunday 2027-03-14, 02:00 → 03:00)', () => {
    test('calendar time counts real hours across the change', () => {
      expect(deadline('2027-03-13T12:00', 24 * HOUR, 'calendar')).toBe('2027-03-14T13:00:00-07:00');
    });

    test('business hours open at 08:00 local time after the change', () => {
      const monday = deadline('2027-03-12T16:00', 2 * HOUR, 'business');
      expect(monday).toBe('2027-03-15T09:00:00-07:00');
      expect(new Date(monday).toISOString()).toBe('2027-03-15T16:00:00.000Z');
      // A full business week around the change: nine hours every day.
      expect(deadline('2027-03-12T08:00', 5 * BUSINESS_DAY, 'business')).toBe('2027-03-18T17:00:00-07:00');
    });

    test('a 23-hour holiday is skipped whole', () => {
      const cal = { ...calendar, holidays: new Set(['2027-03-14']) };
      expect(deadline('2027-03-13T12:00', 24 * HOUR, 'calendar-except-holidays', cal)).toBe('2027-03-15T12:00:00-07:00');
    });
  });

  describe('fall back (Sunday 2026-11-01, 02:00 → 01:00)', () => {
    test('the 25-hour day counts 25 hours', () => {
      expect(deadline('2026-10-31T12:00', 24 * HOUR, 'calendar-except-holidays')).toBe('2026-11-01T11:00:00-08:00');
      expect(deadline('2026-10-31T12:00', 24 * HOUR, 'calendar')).toBe('2026-11-01T11:00:00-08:00');
    });

    test('business hours open at 08:00 local time after the change', () => {
      const monday = deadline('2026-10-30T16:00', 2 * HOUR, 'business');
      expect(monday).toBe('2026-11-02T09:00:00-08:00');
      expect(new Date(monday).toISOString()).toBe('2026-11-02T17:00:00.000Z');
    });
  });

  test('a calendar with no counted time fails after about ten years instead of hanging', () => {
    const start = DateTime.fromISO('2026-12-01');
    const everyDay = new Set(Array.from({ length: MAX_SEARCH_DAYS + 2 }, (_, i) => start.plus({ days: i }).toISODate()!));
    const cal = { ...calendar, holidays: everyDay };
    expect(() => deadline('2026-12-01T09:00', HOUR, 'business', cal)).toThrow(`No deadline within ${MAX_SEARCH_DAYS} days`);
    expect(() => deadline('2026-12-01T09:00', HOUR, 'calendar-except-holidays', cal)).toThrow(/are all days holidays/);
  });

  test.each([
    ['a negative time', new Date(), -1, calendar, /seconds must be a finite number ≥ 0/],
    ['an infinite time', new Date(), Infinity, calendar, /seconds must be a finite number ≥ 0/],
    ['an invalid start', new Date('nonsense'), HOUR, calendar, /from must be a valid instant/],
    ['an unknown zone', new Date(), HOUR, { ...calendar, timeZone: 'America/Nowhere' }, /timeZone "America\/Nowhere" is not an IANA time zone/],
    ['a malformed opening time', new Date(), HOUR, { ...calendar, businessDayStart: '8am' }, /businessDayStart must be a local time HH:MM/],
    ['closing before opening', new Date(), HOUR, { ...calendar, businessDayStart: '17:00', businessDayEnd: '08:00' }, /must be before businessDayEnd/],
  ])('%s fails with a clear message', (_what, from, seconds, cal, message) => {
    expect(() => addClockTime(from, seconds, 'business', cal)).toThrow(message);
  });

  test('an unknown clock fails', () => {
    expect(() => addClockTime(new Date(), HOUR, 'lunar' as Clock, calendar)).toThrow(/clock must be one of calendar, calendar-except-holidays, business/);
  });
});

describe('the deadline activity', () => {
  let db: Db;
  const county = `Calendar Test County ${randomUUID().slice(0, 8)}`;
  const unconfigured = `Unconfigured County ${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    db = openDb(process.env.CSEC_TEST_DATABASE_URL!);
    await db.county.create({ data: { id: county, timeZone: 'America/New_York', businessDayStart: '09:00', businessDayEnd: '17:00' } });
    await db.holiday.create({ data: { county, date: '2026-12-07', name: 'Test holiday', createdBy: 'test' } });
  });
  afterAll(() => db.$disconnect());

  const deadline = (req: { county: string; from: string; seconds: number; clock: Clock }) => createCalendarActivities(db).deadline(req);

  test("uses the county's zone, hours and holidays", async () => {
    // Friday 16:00 New York + 2 h: one hour Friday, Monday is a holiday, one hour Tuesday from 09:00.
    await expect(deadline({ county, from: '2026-12-04T16:00:00-05:00', seconds: 2 * HOUR, clock: 'business' })).resolves.toBe('2026-12-08T15:00:00.000Z');
  });

  test('a county without a row counts in the defaults: Los Angeles, 08:00–17:00, no holidays', async () => {
    await expect(deadline({ county: unconfigured, from: '2026-12-04T16:00:00-08:00', seconds: 2 * HOUR, clock: 'business' })).resolves.toBe(
      '2026-12-07T17:00:00.000Z',
    );
    await expect(deadline({ county: unconfigured, from: '2026-12-24T10:00:00-08:00', seconds: 96 * HOUR, clock: 'calendar-except-holidays' })).resolves.toBe(
      '2026-12-28T18:00:00.000Z',
    );
  });

  test('a bad request is a non-retryable failure', async () => {
    for (const req of [
      { county, from: '2026-12-04T16:00:00', seconds: HOUR, clock: 'business' as const }, // no zone
      { county, from: 'yesterday', seconds: HOUR, clock: 'business' as const },
      { county, from: '2026-12-04T16:00:00Z', seconds: -5, clock: 'business' as const },
    ]) {
      const failure = await deadline(req).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'INVALID_DEADLINE_REQUEST', nonRetryable: true });
    }
  });

  test("a bad county calendar is retried, so an administrator's fix lets the step go on", async () => {
    const broken = `Broken County ${randomUUID().slice(0, 8)}`;
    await db.county.create({ data: { id: broken, timeZone: 'Mars/Olympus_Mons' } });
    const failure = await deadline({ county: broken, from: '2026-12-04T16:00:00Z', seconds: HOUR, clock: 'business' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'INVALID_COUNTY_CALENDAR', nonRetryable: false });
    expect((failure as Error).message).toContain('Mars/Olympus_Mons');
  });
});
