// Production entry point: `npm run worker`. Settings come from the environment (README).
import { NativeConnection } from '@temporalio/worker';
import { encryptingDataConverter } from '../common/codec';
import { type Config, loadConfig } from '../common/config';
import { createLogger, type Logger } from '../common/log';
import { ensureCountySchedules } from '../common/county-schedules';
import { connectClient, connectionOptions } from '../common/temporal';
import { createWorker } from './create-worker';
import { activityDeps } from './deps';
import { forwardTemporalLogs } from './temporal-log';

export async function runWorker(config: Config, log: Logger): Promise<void> {
  forwardTemporalLogs(log);
  const dataConverter = encryptingDataConverter(config); // before connecting: a missing key fails at once
  const deps = await activityDeps(config);
  await ensureSchedules(config, deps.db, log);
  const connection = await NativeConnection.connect(connectionOptions(config));
  try {
    const worker = await createWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      deps,
      dataConverter,
    });
    await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks finish
  } finally {
    await connection.close();
    await deps.db.$disconnect();
  }
}

/** Every county's Safety Net meeting and MOU review schedules, created or brought up to date (idempotent; every worker may do it). */
async function ensureSchedules(config: Config, db: Parameters<typeof ensureCountySchedules>[1], log: Logger): Promise<void> {
  const client = await connectClient(config);
  try {
    const ids = await ensureCountySchedules(client, db, config.TEMPORAL_TASK_QUEUE);
    log.info({ schedules: ids }, 'county schedules up to date');
  } finally {
    await client.connection.close();
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
