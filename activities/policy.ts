// Administrators' timers. The defaults below are written to the table at worker start
// (never overwriting an administrator's value) and used if a row is missing.
import { Context } from '@temporalio/activity';
import type { Db } from '../common/db';
import type { StepTimers } from './types';

const MINUTE = 60;

export const DEFAULT_TIMER_POLICIES: Record<string, StepTimers> = {
  'le-contact/advocate-response': { acknowledgeWithinSeconds: 15 * MINUTE, completeWithinSeconds: 90 * MINUTE, escalateEverySeconds: 15 * MINUTE },
  'le-contact/probation-jjc-notice': { acknowledgeWithinSeconds: 15 * MINUTE, completeWithinSeconds: null, escalateEverySeconds: 15 * MINUTE },
  'le-contact/probation-interview-notice': { acknowledgeWithinSeconds: 15 * MINUTE, completeWithinSeconds: null, escalateEverySeconds: 15 * MINUTE },
  'le-contact/advocate-interview-support': {
    acknowledgeWithinSeconds: 15 * MINUTE,
    completeWithinSeconds: 24 * 60 * MINUTE,
    escalateEverySeconds: 15 * MINUTE,
  },
};

export async function ensureDefaultTimerPolicies(db: Db): Promise<void> {
  await db.timerPolicy.createMany({
    data: Object.entries(DEFAULT_TIMER_POLICIES).map(([key, timers]) => {
      const [obligation, step] = key.split('/');
      return { obligation, step, ...timers };
    }),
    skipDuplicates: true,
  });
}

const usable = (t: StepTimers) =>
  t.acknowledgeWithinSeconds > 0 && t.escalateEverySeconds > 0 && (t.completeWithinSeconds === null || t.completeWithinSeconds > 0);

export function createPolicyActivities(db: Db) {
  return {
    async timerPolicy(obligation: string, step: string): Promise<StepTimers> {
      const row = await db.timerPolicy.findUnique({ where: { obligation_step: { obligation, step } } });
      const fallback = DEFAULT_TIMER_POLICIES[`${obligation}/${step}`];
      if (row && usable(row)) {
        const { acknowledgeWithinSeconds, completeWithinSeconds, escalateEverySeconds } = row;
        return { acknowledgeWithinSeconds, completeWithinSeconds, escalateEverySeconds };
      }
      if (!fallback) throw new Error(`No usable timer policy for ${obligation}/${step}`);
      // A zero or negative timer would escalate in a tight loop: the MOU default is the safe choice.
      if (row) Context.current().log.warn('Timer policy has non-positive values; using the default', { obligation, step });
      return fallback;
    },
  };
}
