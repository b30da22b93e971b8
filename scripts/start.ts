// `npm start`: the whole system on embedded defaults, in one terminal. Ctrl-C stops all of it.
// Temporal dev server (+UI, file-backed), an embedded PostgreSQL, MailDev, then the worker and
// API as child processes configured exactly as production ones would be, by environment.
// Crashed parts are restarted (scripts/supervisor.ts).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import { Connection } from '@temporalio/client';
import { openDb } from '../common/db';
import { loadConfig } from '../common/config';
import { createLogger } from '../common/log';
import { registryKeys } from '../common/registry-keys';
import { DEMO_API_KEYS, seedDemoCounty, seedDemoYouth } from '../prisma/seed';
import { prepareEmbeddedPostgres } from './embedded-db';
import { migrate } from './migrate';
import { Supervisor } from './supervisor';
import { ensureSearchAttributes } from './search-attributes';
import { devServerArgs, temporalCliPath } from './temporal-cli';

const root = join(__dirname, '..');
const dataDir = process.env.CSEC_DATA_DIR ?? join(root, '.data');
const ports = {
  temporal: Number(process.env.TEMPORAL_PORT ?? 7233),
  temporalUi: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
  db: Number(process.env.EMBEDDED_DB_PORT ?? 5433),
  smtp: Number(process.env.MAIL_SMTP_PORT ?? 1025),
  mailUi: Number(process.env.MAIL_UI_PORT ?? 1080),
  api: Number(process.env.API_PORT ?? 3000),
};
const shown = (path: string) => (path.startsWith(root) ? relative(root, path) : path);
const stackEnvFile = join(dataDir, 'stack.env');
const workerPidFile = join(dataDir, 'worker.pid');

/** The server answers once its port is open, or shortly after: a few tries. */
async function registerSearchAttributes(address: string): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const connection = await Connection.connect({ address });
      try {
        return await ensureSearchAttributes(connection, 'default');
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (attempt === 20) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function waitForPort(port: number, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not open port ${port} within ${timeoutMs / 1000} s`);
}

/** A secret generated once and kept in the data folder, readable only by this user. */
function keptSecret(name: string, encoding: 'hex' | 'base64' = 'hex'): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString(encoding), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** What `npm run worker` / `npm run api` need to join this stack, as `KEY='value'` lines. */
function writeStackEnv(env: Record<string, string>): void {
  const lines = Object.entries(env).map(([k, v]) => `${k}='${v.replace(/'/g, `'\\''`)}'`);
  writeFileSync(stackEnvFile, `# Written by npm start: the settings of the running embedded stack.\n${lines.join('\n')}\n`, { mode: 0o600 });
}

const log = createLogger('start');
let stopping: Promise<void> | undefined;
const supervisor = new Supervisor(log, (reason) => {
  log.error(`${reason}; stopping everything`);
  void stop(1);
});

function stop(code: number): Promise<void> {
  stopping ??= (async () => {
    log.info('stopping...');
    await supervisor.stop();
    process.exit(code);
  })();
  return stopping;
}

async function main(): Promise<void> {
  mkdirSync(join(dataDir, 'mail'), { recursive: true });
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (spawnSync('bash', [join(root, 'scripts', 'ensure-temporal.sh')], { stdio: 'inherit' }).status !== 0) {
    throw new Error('Could not obtain the Temporal CLI');
  }
  supervisor.start({
    name: 'temporal',
    tier: 'service',
    command: temporalCliPath(),
    args: devServerArgs({
      port: ports.temporal,
      uiPort: ports.temporalUi,
      dbFile: join(dataDir, 'temporal.db'),
      // The UI decodes the encrypted payloads through the API (api/codec.ts).
      codecEndpoint: `http://localhost:${ports.api}/codec`,
    }),
  });
  supervisor.start({
    name: 'mail',
    tier: 'service',
    command: join(root, 'node_modules', '.bin', 'maildev'),
    args: [
      '--smtp',
      String(ports.smtp),
      '--web',
      String(ports.mailUi),
      '--ip',
      '127.0.0.1',
      '--web-ip',
      '127.0.0.1',
      '--mail-directory',
      join(dataDir, 'mail'),
      '--silent',
    ],
  });

  let databaseUrl = process.env.DATABASE_URL;
  const embedded = !databaseUrl;
  if (!databaseUrl) {
    const pg = prepareEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: ports.db, password: keptSecret('db-password') });
    // SIGINT is PostgreSQL's fast shutdown; by then the apps are gone.
    supervisor.start({ name: 'postgres', tier: 'service', command: pg.command, args: pg.args, spawnOptions: pg.spawnOptions, stopSignal: 'SIGINT' });
    databaseUrl = pg.url;
  }
  // The youth registry's keys, generated once unless given (README: The youth registry).
  const registryEnv = {
    IDENTITY_KEY_ID: process.env.IDENTITY_KEY_ID ?? 'local1',
    IDENTITY_KEYS: process.env.IDENTITY_KEYS ?? `local1:${Buffer.from(keptSecret('identity-key-local1'), 'hex').toString('base64')}`,
    BLIND_INDEX_KEY: process.env.BLIND_INDEX_KEY ?? keptSecret('blind-index-key'),
    CASE_INDEX_KEY: process.env.CASE_INDEX_KEY ?? keptSecret('case-index-key'),
  };
  await migrate(databaseUrl); // dbmate waits for the server to accept connections
  const demo = embedded || process.env.SEED_DEMO === 'true';
  if (demo) {
    const db = openDb(databaseUrl);
    await seedDemoCounty(db);
    await seedDemoYouth(db, registryKeys(loadConfig({ ...process.env, ...registryEnv })));
    await db.$disconnect();
  }
  await Promise.all([waitForPort(ports.temporal, 'Temporal'), waitForPort(ports.smtp, 'MailDev')]);
  const added = await registerSearchAttributes(`127.0.0.1:${ports.temporal}`);
  if (added.length) log.info({ added }, 'registered search attributes this Temporal database lacked');

  const stackEnv = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    LINK_SECRET: process.env.LINK_SECRET ?? keptSecret('link-secret'),
    ...registryEnv,
    API_PORT: String(ports.api),
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${ports.api}`,
    // The demo county's keys work only here, where its database is the one seeded with them.
    CSEC_DEMO: String(demo),
    // One payload key, kept like the others; a rotation adds keys through the environment.
    PAYLOAD_KEYS: process.env.PAYLOAD_KEYS ?? `local-1:${keptSecret('payload-key', 'base64')}`,
    PAYLOAD_KEY_ID: process.env.PAYLOAD_KEY_ID ?? 'local-1',
    // No identity provider here: the codec endpoint is open, which config allows on loopback only.
    CODEC_AUTH: process.env.CODEC_AUTH ?? 'none',
    CODEC_CORS_ORIGIN: `http://localhost:${ports.temporalUi}`,
  };
  writeStackEnv(stackEnv);
  const env = { ...process.env, ...stackEnv };
  // Node itself with tsx's loader, not the tsx CLI: one process, so a signal reaches the worker.
  const node = (script: string) => ({ command: process.execPath, args: ['--import', 'tsx', join(root, script)] });
  const ownWorker = `To run your own: set -a; . ${shown(stackEnvFile)}; set +a; npm run worker`;
  supervisor.start({ name: 'worker', tier: 'app', ...node('worker/main.ts'), env, pidFile: workerPidFile, onCleanExit: ownWorker });
  supervisor.start({ name: 'api', tier: 'app', ...node('api/main.ts'), env, pidFile: join(dataDir, 'api.pid') });
  await waitForPort(ports.api, 'API');

  console.log(`
CSEC response orchestration is up (data in ${shown(dataDir)}).
  API             http://localhost:${ports.api}   (OpenAPI: /openapi.json)
  Temporal UI     http://localhost:${ports.temporalUi}   (gRPC 127.0.0.1:${ports.temporal})
  Mail catcher    http://localhost:${ports.mailUi}   (SMTP 127.0.0.1:${ports.smtp}; REST API /api/email)
  Reports         http://localhost:${ports.api}/reports   (metrics: the API's /metrics; the worker's http://127.0.0.1:${process.env.WORKER_METRICS_PORT ?? 9464}/metrics)
  Database        ${embedded ? `embedded PostgreSQL at 127.0.0.1:${ports.db} (data in ${shown(join(dataDir, 'postgres'))})` : 'DATABASE_URL'}
  Settings        ${shown(stackEnvFile)} (to run your own worker: kill $(cat ${shown(workerPidFile)}), then: set -a; . ${shown(stackEnvFile)}; set +a; npm run worker)
Demo API keys (demo county only):
${Object.entries(DEMO_API_KEYS)
  .map(([label, k]) => `  ${label.padEnd(10)} ${k.key}${k.admin ? '  (administrator)' : ''}`)
  .join('\n')}
A part that crashes is restarted. Press Ctrl-C to stop everything.`);
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'npm start failed');
  void stop(1);
});
