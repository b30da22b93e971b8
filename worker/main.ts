// Production entry point: `npm run worker`. Settings come from the environment (README).
import { NativeConnection } from '@temporalio/worker';
import { encryptingDataConverter } from '../common/codec';
import { loadConfig } from '../common/config';
import { connectionOptions } from '../common/temporal';
import { createWorker } from './create-worker';
import { activityDeps } from './deps';

export async function runWorker(): Promise<void> {
  const config = loadConfig();
  const dataConverter = encryptingDataConverter(config); // before connecting: a missing key fails at once
  const deps = await activityDeps(config);
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

if (require.main === module) {
  runWorker().catch((err) => {
    console.error('worker failed:', err);
    process.exit(1);
  });
}
