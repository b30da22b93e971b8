// `npm start`: the whole system on embedded defaults, in one terminal. Ctrl-C stops all of it.
// Temporal dev server (+UI, file-backed), PGlite, MailDev, then the worker and API as
// child processes configured exactly as production ones would be, by environment.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { openDb } from '../common/db';
import { DEMO_API_KEYS, seedDemoCounty } from '../prisma/seed';
import { startEmbeddedDb } from './embedded-db';
import { migrate } from './migrate';
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
// Stopped in order: the app processes first (the worker drains), then the services they use.
const apps: ChildProcess[] = [];
const services: ChildProcess[] = [];

/** Each child leads its own process group, so Ctrl-C reaches only this script, which stops them in order. */
function run(group: ChildProcess[], name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  if (stopping) return; // a part failed while the rest was starting: start nothing more
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = (chunk: Buffer) => chunk.toString().replace(/^(?=.)/gm, `[${name}] `);
  child.stdout!.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping everything`);
      void stop(1);
    }
  });
  group.push(child);
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

function linkSecret(): string {
  const file = join(dataDir, 'link-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

let stopping = false;
let stopDb: (() => Promise<void>) | undefined;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}
// Last resort if this script dies some other way: leave no child running.
process.on('exit', () => [...apps, ...services].forEach((child) => signalGroup(child, 'SIGKILL')));

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping...');
  for (const group of [apps, services]) {
    await Promise.all(
      group.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), 15_000);
            child.once('exit', () => (clearTimeout(kill), resolve()));
            signalGroup(child, 'SIGTERM');
          }),
      ),
    );
  }
  await stopDb?.();
  process.exit(code);
}

async function main(): Promise<void> {
  mkdirSync(join(dataDir, 'mail'), { recursive: true });
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (spawnSync('bash', [join(root, 'scripts', 'ensure-temporal.sh')], { stdio: 'inherit' }).status !== 0) {
    throw new Error('Could not obtain the Temporal CLI');
  }
  run(services, 'temporal', temporalCliPath(), devServerArgs({
    port: ports.temporal,
    uiPort: ports.temporalUi,
    dbFile: join(dataDir, 'temporal.db'),
  }));
  run(services, 'mail', join(root, 'node_modules', '.bin', 'maildev'), [
    '--smtp', String(ports.smtp), '--web', String(ports.mailUi),
    '--ip', '127.0.0.1', '--web-ip', '127.0.0.1',
    '--mail-directory', join(dataDir, 'mail'), '--silent',
  ]);

  let databaseUrl = process.env.DATABASE_URL;
  const embedded = !databaseUrl;
  if (!databaseUrl) {
    const db = await startEmbeddedDb(join(dataDir, 'pglite'), ports.db);
    stopDb = db.stop;
    databaseUrl = db.url;
  }
  await migrate(databaseUrl);
  if (embedded || process.env.SEED_DEMO === 'true') {
    const db = openDb(databaseUrl);
    await seedDemoCounty(db);
    await db.$disconnect();
  }
  await Promise.all([waitForPort(ports.temporal, 'Temporal'), waitForPort(ports.smtp, 'MailDev')]);

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    LINK_SECRET: process.env.LINK_SECRET ?? linkSecret(),
    API_PORT: String(ports.api),
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${ports.api}`,
  };
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  run(apps, 'worker', tsx, [join(root, 'worker', 'main.ts')], env);
  run(apps, 'api', tsx, [join(root, 'api', 'main.ts')], env);
  await waitForPort(ports.api, 'API');

  console.log(`
CSEC response orchestration is up (data in ${dataDir}).
  API             http://localhost:${ports.api}   (OpenAPI: /openapi.json)
  Temporal UI     http://localhost:${ports.temporalUi}   (gRPC 127.0.0.1:${ports.temporal})
  Mail catcher    http://localhost:${ports.mailUi}   (SMTP 127.0.0.1:${ports.smtp})
  Database        ${embedded ? `embedded PGlite at ${databaseUrl}` : 'DATABASE_URL'}
Demo API keys (demo county only):
${Object.entries(DEMO_API_KEYS)
  .map(([label, k]) => `  ${label.padEnd(10)} ${k.key}${k.admin ? '  (administrator)' : ''}`)
  .join('\n')}
Press Ctrl-C to stop everything.`);
}

main().catch((err) => {
  console.error('[start] failed:', err instanceof Error ? err.message : err);
  void stop(1);
});
