// The bare-Temporal baselines the benchmark compares the system with (bundled for their own worker).
import { proxyActivities } from '@temporalio/workflow';
import type { BareActivities } from './bare';

const { noop, sendRaw } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

/** The shape of a process's start-up: steps looked up in parallel, each a chain of activities. */
export async function bareSteps(steps: number, activitiesPerStep: number): Promise<void> {
  await Promise.all(
    Array.from({ length: steps }, async () => {
      for (let i = 0; i < activitiesPerStep; i++) await noop();
    }),
  );
}

/** One email from one activity, with raw nodemailer. */
export async function bareEmail(to: string, subject: string): Promise<void> {
  await sendRaw(to, subject);
}
