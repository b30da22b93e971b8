// Builds the worker from injected parts; used by worker/main.ts, npm start and the tests.
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type Activities, type ActivityDeps } from '../activities';

export interface WorkerParts {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Encrypts payloads (common/codec.ts encryptingDataConverter); required so no worker runs without it. */
  dataConverter: DataConverter;
  /** Tests pass a prebuilt bundle; otherwise the workflows are bundled from source. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Tests and the benchmark wrap the activities (e.g. a slow directory); as built by default. */
  wrapActivities?: (activities: Activities) => Activities;
  /** Runs kept in memory (WORKER_MAX_CACHED_WORKFLOWS); the SDK's default, sized from the heap, if unset. */
  maxCachedWorkflows?: number;
}

export function createWorker({
  connection,
  namespace,
  taskQueue,
  deps,
  dataConverter,
  workflowBundle,
  wrapActivities = (a) => a,
  maxCachedWorkflows,
}: WorkerParts): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    dataConverter,
    activities: wrapActivities(createActivities(deps)),
    ...(maxCachedWorkflows !== undefined && { maxCachedWorkflows }),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
  });
}
