// Production entry point: `npm run worker`. Settings come from the environment (README).
import type { AddressInfo } from 'node:net';
import { NativeConnection } from '@temporalio/worker';
import { encryptingDataConverter } from '../common/codec';
import { type Config, loadConfig } from '../common/config';
import { createLogger, type Logger } from '../common/log';
import { ensureCountySchedules } from '../common/county-schedules';
import { connectClient, connectionOptions } from '../common/temporal';
import { createWorker } from './create-worker';
import { activityDeps } from './deps';
import { workerMetrics } from './metrics';
import { installTemporalRuntime } from './temporal-runtime';

export async function runWorker(config: Config, log: Logger): Promise<void> {
  const sdkMetrics = `127.0.0.1:${config.TEMPORAL_METRICS_PORT}`;
  installTemporalRuntime(log, sdkMetrics);
  const dataConverter = encryptingDataConverter(config); // before connecting: a missing key fails at once
  const deps = await activityDeps(config);
  const metrics = workerMetrics(deps.db, `http://${sdkMetrics}/metrics`);
  const metricsServer = await metrics.serve(config.WORKER_METRICS_PORT, config.WORKER_METRICS_HOST);
  log.info({ port: (metricsServer.address() as AddressInfo).port }, 'worker metrics at /metrics');
  const connection = await NativeConnection.connect(connectionOptions(config));
  // Policy rollouts list and update processes as a client does; the county schedules are set up with it too.
  const temporal = await connectClient(config);
  deps.temporal = temporal;
  const schedules = await ensureCountySchedules(temporal, deps.db, config.TEMPORAL_TASK_QUEUE);
  log.info({ schedules }, 'county schedules up to date (idempotent; every worker may do it)');
  try {
    const worker = await createWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      deps: { ...deps, onRecorded: metrics.onRecorded },
      dataConverter,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    });
    await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks finish
  } finally {
    await temporal.connection.close();
    metricsServer.close();
    await connection.close();
    await deps.db.$disconnect();
  }
}

if (require.main === module) {
  const config = loadConfig();
  const log = createLogger('worker', config.LOG_LEVEL);
  runWorker(config, log).catch((err: unknown) => {
    log.fatal({ err }, 'worker failed');
    process.exit(1);
  });
}
