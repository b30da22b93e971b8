// `npm start` exactly as a newcomer runs it (embedded database, dev server, MailDev, worker and
// API as child processes), under a burst of concurrent encounters. It guards against the
// embedded database handing one connection's parameters or results to another (seen with
// PGlite's socket multiplexer): wrong chains, failed activities, missing or doubled emails.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { encryptingDataConverter } from '../common/codec';
import { loadConfig } from '../common/config';
import { DEMO_API_KEYS, DEMO_YOUTH_REF } from '../prisma/seed';
import { processState } from '../workflows/messages';
import { eventually, freePort, runConcurrently } from './support/wait';

const ENCOUNTERS = 300;
const CONCURRENCY = 20;
const root = join(__dirname, '..');

// The demo county's agencies and their full chains (prisma/seed.ts): up to the MDT coordinator,
// or, for a confidential step, up to the agency's own director.
const chainOf = (agencyId: string, role: string, own: string[], confidential = false) => [
  { agencyId, role },
  ...own.map((r) => ({ agencyId, role: r })),
  ...(confidential ? [] : [{ agencyId: 'demo-da', role: 'MDT_COORDINATOR' }]),
];
const sheriff = { chain: chainOf('demo-sheriff', 'OFFICER', ['SUPERVISOR']), recipient: 'csec-unit@sheriff.demo.example' };
const expected = {
  'advocate-response': {
    chain: chainOf('demo-advocacy', 'ADVOCATE', ['BACKUP', 'SUPERVISOR', 'DIRECTOR'], true),
    recipient: 'oncall-advocate@advocacy.demo.example',
  },
  'probation-jjc-notice': { chain: chainOf('demo-probation', 'DPO', ['BACKUP', 'SUPERVISOR']), recipient: 'jjc-intake-dpo@probation.demo.example' },
  // CSEC is child abuse: the reporting agency cross-reports to the hotline (PC §11166).
  'child-abuse-phone-report': sheriff,
  'child-abuse-written-report': sheriff,
} as const;

interface MaildevMail {
  headers: { 'message-id'?: string };
  to: { address: string }[];
  subject: string;
  text: string;
}

let stack: ChildProcess;
let output = '';
let dataDir: string;
const ports: Record<string, number> = {};

beforeAll(async () => {
  for (const name of [
    'TEMPORAL_PORT',
    'TEMPORAL_UI_PORT',
    'EMBEDDED_DB_PORT',
    'MAIL_SMTP_PORT',
    'MAIL_UI_PORT',
    'API_PORT',
    'WORKER_METRICS_PORT',
    'TEMPORAL_METRICS_PORT',
  ])
    ports[name] = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'csec-npm-start-'));
  chmodSync(dataDir, 0o755); // as .data/ in a checkout: the embedded server's user must reach it
  const env: NodeJS.ProcessEnv = { ...process.env, CSEC_DATA_DIR: dataDir };
  delete env.DATABASE_URL; // the embedded default, as `npm start` on a fresh clone
  for (const [name, port] of Object.entries(ports)) env[name] = String(port);
  // The load below is one key and one address: well within these, whatever the defaults become.
  Object.assign(env, { RATE_LIMIT_PER_KEY: '100000', RATE_LIMIT_PER_IP: '100000' });
  stack = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'start.ts')], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stack.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  stack.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await eventually(() => output.includes('is up') || stack.exitCode !== null, 240_000, '`npm start` to come up');
  if (!output.includes('is up')) throw new Error(`npm start failed:\n${output}`);
}, 300_000);

afterAll(async () => {
  if (stack && stack.exitCode === null) {
    const exited = new Promise((resolve) => stack.once('exit', resolve));
    process.kill(-stack.pid!, 'SIGINT');
    const timer = setTimeout(() => process.kill(-stack.pid!, 'SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

test(`${ENCOUNTERS} encounters at concurrency ${CONCURRENCY}: every chain whole, no activity failed, one email per recipient per step`, async () => {
  const api = `http://127.0.0.1:${ports.API_PORT}`;
  const batch = Date.now().toString(36).toUpperCase();
  const occurredAt = new Date().toISOString();
  const processIds = await runConcurrently(ENCOUNTERS, CONCURRENCY, async (i) => {
    const res = await fetch(`${api}/v1/encounters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_API_KEYS.sheriff.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        // The youth npm start registers for the README's walk-through.
        youthRef: DEMO_YOUTH_REF,
        encounterId: `E-${batch}-${i}`,
        encounterType: 'JJC_TRANSPORT',
        occurredAt,
        participatedInInvestigation: i % 2 === 0,
      }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { processId: string }).processId;
  });

  // Every step's email, counted by Message-ID at the SMTP server (MailDev's REST API).
  const want = ENCOUNTERS * Object.keys(expected).length;
  const received = async () => (await (await fetch(`http://127.0.0.1:${ports.MAIL_UI_PORT}/api/email`)).json()) as MaildevMail[];
  await eventually(
    async () => {
      const n = (await received()).length;
      if (n < want) throw new Error(`${n} of ${want} so far`);
      return true;
    },
    600_000,
    `${want} emails`,
  );
  await new Promise((r) => setTimeout(r, 2_000)); // a late duplicate would land now
  const final = await received();
  expect(final).toHaveLength(want);
  const messageIds = final.map((m) => m.headers['message-id']);
  expect(messageIds.every((id) => id?.endsWith('@csec-response>'))).toBe(true);
  expect(new Set(messageIds).size).toBe(final.length);
  const perStep = new Map<string, string[]>();
  for (const m of final) {
    const process = /^Process: (\S+)$/m.exec(m.text)?.[1];
    const title = /^Step: (.+)$/m.exec(m.text)?.[1];
    const key = `${process} | ${title}`;
    perStep.set(key, [...(perStep.get(key) ?? []), ...m.to.map((t) => t.address)]);
  }
  expect(perStep.size).toBe(want);

  // Payloads are encrypted: read them as an operator would, with the stack's own key.
  const payloadKey = readFileSync(join(dataDir, 'payload-key'), 'utf8').trim();
  const dataConverter = encryptingDataConverter(loadConfig({ PAYLOAD_KEYS: `local-1:${payloadKey}`, PAYLOAD_KEY_ID: 'local-1' }));
  const client = new Client({ connection: await Connection.connect({ address: `127.0.0.1:${ports.TEMPORAL_PORT}` }), dataConverter });
  try {
    const failures = await runConcurrently(ENCOUNTERS, CONCURRENCY, async (i) => {
      const handle = client.workflow.getHandle(processIds[i]);
      // The whole state: the API would show the advocate's confidential step to no single agency but the advocates.
      const view = await handle.query(processState);
      expect(view.steps.map((s) => s.id).sort()).toEqual(Object.keys(expected).sort());
      for (const step of view.steps) {
        const want = expected[step.id as keyof typeof expected];
        expect(step.chain.map(({ agencyId, role }) => ({ agencyId, role }))).toEqual(want.chain);
        expect(perStep.get(`${processIds[i]} | ${step.title}`)).toEqual([want.recipient]);
      }
      const { events } = await handle.fetchHistory();
      return (events ?? []).filter((e) => e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes).length;
    });
    const failed = failures.reduce((a, b) => a + b, 0);
    expect(failed).toBe(0);
    process.stdout.write(
      `\nembedded stack under load: ${ENCOUNTERS} encounters, ${want} steps with whole chains, ${final.length} emails (one per recipient per step), ${failed} activity failures\n`,
    );
  } finally {
    await client.connection.close();
  }
}, 900_000);
