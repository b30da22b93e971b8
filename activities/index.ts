// All activities, built from injected dependencies so tests can pass real or fake ones.
import type { Client } from '@temporalio/client';
import { createCalendarActivities } from './calendar';
import { createDirectoryActivities } from './directory';
import { createNotifyActivities, type NotifyDeps } from './notify';
import { createPolicyActivities } from './policy';
import { createRecordActivities } from './records';
import { createRolloutActivities } from './rollout';
import { createWarrantActivities } from './warrants';

export interface ActivityDeps extends NotifyDeps {
  /** The least any timer may be (seconds); tests lower it to run escalations quickly. */
  timerFloorSeconds?: number;
  /** Policy rollouts list and update processes through it (activities/rollout.ts). */
  temporal?: Client;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createPolicyActivities(deps.db, deps.timerFloorSeconds),
    ...createCalendarActivities(deps.db),
    ...createDirectoryActivities(deps.db),
    ...createRecordActivities(deps.db),
    ...createNotifyActivities(deps),
    ...createWarrantActivities(deps.db),
    ...createRolloutActivities(deps.db, deps.temporal),
  };
}

export type Activities = ReturnType<typeof createActivities>;
