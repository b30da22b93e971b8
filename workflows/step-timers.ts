// Shorthands for step definitions' default timers (workflows/*-steps.ts). Plain data.
import type { Clock, StepTimers } from './types';

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 24 * HOUR;
/** A business day is 9 business hours (08:00–17:00 on working days, the county's setting). */
export const BUSINESS_DAY = 9 * HOUR;

const timers =
  (clock: Clock) =>
  (ack: number, complete: number | null, escalate: number): StepTimers => ({
    acknowledgeWithinSeconds: ack,
    completeWithinSeconds: complete,
    escalateEverySeconds: escalate,
    clock,
  });
/** Around the clock. */
export const calendar = timers('calendar');
/** Business hours on business days (Probation's office work, court liaison, the DA). */
export const business = timers('business');
