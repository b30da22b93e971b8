import type { TestWorkflowEnvironment } from '@temporalio/testing';

export default async function globalTeardown(): Promise<void> {
  await ((globalThis as Record<string, unknown>).__csecTemporal as TestWorkflowEnvironment | undefined)?.teardown();
}
