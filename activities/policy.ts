// Administrators' timers. A step kind's defaults live in its definition (workflows/*-steps.ts);
// a TimerPolicy row overrides them: the county's own row, else a row for every county ('').
// Every value has a floor, so a bad row never makes a tight loop.
import type { Db } from '../common/db';
import { POLICY_FLOOR_SECONDS } from '../workflows/step-ceilings';
import type { Clock, StepTimers } from '../workflows/types';

export const TIMER_FLOOR_SECONDS = POLICY_FLOOR_SECONDS;
const clocks: Clock[] = ['calendar', 'calendar-except-holidays', 'business'];

export function createPolicyActivities(db: Db, floorSeconds = TIMER_FLOOR_SECONDS) {
  const floored = (seconds: number) => Math.max(seconds, floorSeconds);
  return {
    /** `county` is absent in the calls of processes that started before policies had counties. */
    async timerPolicy(obligation: string, step: string, defaults: StepTimers, county?: string): Promise<StepTimers> {
      const rows = await db.timerPolicy.findMany({ where: { obligation, step, county: { in: county ? [county, ''] : [''] } } });
      const row = rows.find((r) => r.county !== '') ?? rows[0];
      const t = row ?? defaults;
      return {
        acknowledgeWithinSeconds: floored(t.acknowledgeWithinSeconds),
        completeWithinSeconds: t.completeWithinSeconds === null ? null : floored(t.completeWithinSeconds),
        escalateEverySeconds: floored(t.escalateEverySeconds),
        clock: clocks.find((c) => c === row?.clock) ?? defaults.clock,
      };
    },
  };
}
