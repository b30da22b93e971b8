// Production entry point: `npm run worker`. Settings come from the environment (README).
import { NativeConnection } from '@temporalio/worker';
import { encryptingDataConverter } from '../common/codec';
import { type Config, loadConfig } from '../common/config';
import { createLogger, type Logger } from '../common/log';
import { connectClient, connectionOptions } from '../common/temporal';
import { createWorker } from './create-worker';
import { activityDeps } from './deps';
import { forwardTemporalLogs } from './temporal-log';

export async function runWorker(config: Config, log: Logger): Promise<void> {
  forwardTemporalLogs(log);
  const dataConverter = encryptingDataConverter(config); // before connecting: a missing key fails at once
  const deps = await activityDeps(config);
  const connection = await NativeConnection.connect(connectionOptions(config));
  // Policy rollouts list and update processes as a client does.
  const temporal = await connectClient(config);
  deps.temporal = temporal;
  try {
    const worker = await createWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      deps,
      dataConverter,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    });
    await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks finish
  } finally {
    await temporal.connection.close();
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
