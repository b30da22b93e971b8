// Production entry point: `npm run api`. Settings come from the environment (README).
import type { Server } from 'node:http';
import { DEMO_KEY_PREFIX } from '../common/api-keys';
import { type Config, loadConfig, required } from '../common/config';
import { openDb, type Db } from '../common/db';
import { createLinkSigner } from '../common/links';
import { registryKeys } from '../common/registry-keys';
import { createLogger, type Logger } from '../common/log';
import { connectClient } from '../common/temporal';
import { createApp } from './app';
import { codecDepsOf } from './codec';
import { listen } from './listen';

export interface RunningApi {
  server: Server;
  close(): Promise<void>;
}

/** Outside demo mode the demo county's keys are refused anyway; still, live ones mean the demo seed reached this database. */
async function refuseDemoKeysOutsideDemo(db: Db, demo: boolean): Promise<void> {
  if (demo) return;
  const live = await db.apiKey.findMany({ where: { prefix: { startsWith: DEMO_KEY_PREFIX }, revokedAt: null }, select: { prefix: true } });
  if (live.length) {
    throw new Error(
      `This database holds live demo API keys (${live.map((k) => k.prefix).join(', ')}) but CSEC_DEMO is not true. ` +
        'If it is the demo database, set CSEC_DEMO=true; otherwise revoke them: npm run keys -- revoke --prefix <prefix>',
    );
  }
}

export async function startApi(config: Config, log: Logger): Promise<RunningApi> {
  const databaseUrl = required(config, 'DATABASE_URL');
  const links = createLinkSigner(required(config, 'LINK_SECRET'), config.LINK_TTL_SECONDS);
  const keys = registryKeys(config);
  const db = openDb(databaseUrl);
  // Also fails at start, not on the first request, if the database is unreachable.
  await refuseDemoKeysOutsideDemo(db, config.CSEC_DEMO).catch(async (err: unknown) => {
    await db.$disconnect();
    throw err;
  });
  const client = await connectClient(config);
  const rateLimits = { windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS, perKey: config.RATE_LIMIT_PER_KEY, perIp: config.RATE_LIMIT_PER_IP };
  const app = createApp({
    client,
    db,
    links,
    keys,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    log,
    rateLimits,
    demo: config.CSEC_DEMO,
    codec: codecDepsOf(config),
  });
  // Rate limits count refusals per client address: behind a proxy, that is the forwarded one.
  const trust = config.API_TRUST_PROXY;
  if (trust) app.set('trust proxy', /^\d+$/.test(trust) ? Number(trust) : trust);
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
  const config = loadConfig();
  const log = createLogger('api', config.LOG_LEVEL);
  startApi(config, log)
    .then((api) => {
      log.info({ port: (api.server.address() as { port: number }).port, demo: config.CSEC_DEMO }, 'API listening');
      const stop = () => {
        api.close().then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'API shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err: unknown) => {
      log.fatal({ err }, 'API failed to start');
      process.exit(1);
    });
}
