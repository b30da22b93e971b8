// Production entry point: `npm run api`. Settings come from the environment (README).
import type { Server } from 'node:http';
import { type Config, loadConfig, required } from '../common/config';
import { openDb } from '../common/db';
import { createLinkSigner } from '../common/links';
import { connectClient } from '../common/temporal';
import { createApp } from './app';
import { codecDepsOf } from './codec';
import { listen } from './listen';

export interface RunningApi {
  server: Server;
  close(): Promise<void>;
}

export async function startApi(config: Config): Promise<RunningApi> {
  const databaseUrl = required(config, 'DATABASE_URL');
  const links = createLinkSigner(required(config, 'LINK_SECRET'), config.LINK_TTL_SECONDS);
  const client = await connectClient(config);
  const db = openDb(databaseUrl);
  await db.$queryRaw`SELECT 1`; // fail at start, not on the first request
  const app = createApp({ client, db, links, taskQueue: config.TEMPORAL_TASK_QUEUE, codec: codecDepsOf(config) });
  const server = await listen(app, config.API_PORT, config.API_HOST);
  return {
    server,
    async close() {
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await client.connection.close();
      await db.$disconnect();
    },
  };
}

if (require.main === module) {
  startApi(loadConfig())
    .then((api) => {
      console.log(`API listening on port ${(api.server.address() as { port: number }).port}`);
      const stop = () => {
        api.close().then(
          () => process.exit(0),
          (err) => {
            console.error('API shutdown failed:', err);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err) => {
      console.error('API failed:', err);
      process.exit(1);
    });
}
