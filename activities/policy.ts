// Administrators' timers. A step kind's defaults live in its definition (workflows/*-steps.ts);
// a TimerPolicy row overrides them. Every value has a floor, so a bad row never makes a tight loop.
import type { Db } from '../common/db';
import type { Clock, StepTimers } from '../workflows/types';

export const TIMER_FLOOR_SECONDS = 60;
const clocks: Clock[] = ['calendar', 'calendar-except-holidays', 'business'];

export function createPolicyActivities(db: Db, floorSeconds = TIMER_FLOOR_SECONDS) {
  const floored = (seconds: number) => Math.max(seconds, floorSeconds);
  return {
    async timerPolicy(obligation: string, step: string, defaults: StepTimers): Promise<StepTimers> {
      const row = await db.timerPolicy.findUnique({ where: { obligation_step: { obligation, step } } });
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
