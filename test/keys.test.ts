// `npm run keys`: the script itself, spawned against the test database, and the API accepting
// and then refusing the key it made.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashSecret, parseApiKey } from '../common/api-keys';
import { serveApi, type TestApi } from './support/api';
import { startStack, type TestStack } from './support/stack';

const run = promisify(execFile);
const root = join(__dirname, '..');
let stack: TestStack;
let api: TestApi;

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack, { demo: false });
});
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

const keys = (...args: string[]) =>
  run(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'keys.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: process.env.CSEC_TEST_DATABASE_URL },
  });

test('create prints the secret once and stores only its hash; list never shows it; revoke stops it', async () => {
  const created = await keys('create', '--agency', 'demo-probation', '--label', 'Probation case system');
  const key = created.stdout.trim();
  const parsed = parseApiKey(key)!;
  expect(parsed).not.toBeNull();
  expect(created.stderr).toContain(`Created key ${parsed.prefix} for demo-probation`);
  const row = await stack.db.apiKey.findUniqueOrThrow({ where: { prefix: parsed.prefix } });
  expect(row).toMatchObject({
    agencyId: 'demo-probation',
    admin: false,
    label: 'Probation case system',
    secretHash: hashSecret(parsed.secret),
    revokedAt: null,
  });
  expect(JSON.stringify(row)).not.toContain(parsed.secret);

  // A registry read of an unknown youth: the key authenticates, and the answer needs no Temporal call.
  const path = '/v1/youth/Y-7K3M9Q2XHT-7/identity';
  expect((await api.call('GET', path, { key })).body.error.code).toBe('YOUTH_NOT_FOUND'); // authenticated

  const listed = (await keys('list')).stdout;
  expect(listed.split('\n')[0]).toBe('prefix\tagency\tlabel\tadmin\tcreated\trevoked');
  expect(listed).toMatch(new RegExp(`^${parsed.prefix}\\tdemo-probation\\tProbation case system\\tfalse\\t\\S+Z\\t-$`, 'm'));
  expect(listed).not.toContain(parsed.secret);
  expect(listed).not.toContain(row.secretHash);

  expect((await keys('revoke', '--prefix', parsed.prefix)).stdout).toContain(`Revoked ${parsed.prefix}`);
  expect((await keys('revoke', '--prefix', parsed.prefix)).stdout).toContain('already revoked');
  expect((await api.call('GET', path, { key })).body.error.code).toBe('UNAUTHENTICATED');
  expect((await keys('list')).stdout).toMatch(new RegExp(`^${parsed.prefix}\\t.*\\t\\S+Z$`, 'm'));
}, 60_000);

test('an administrator key; unknown agencies, prefixes and commands fail with a message', async () => {
  const admin = (await keys('create', '--agency', 'demo-da', '--admin')).stdout.trim();
  expect((await api.call('GET', '/v1/admin/holidays', { key: admin })).status).toBe(200);
  await expect(keys('create', '--agency', 'no-such-agency')).rejects.toMatchObject({ stderr: expect.stringContaining('No agency no-such-agency') });
  await expect(keys('revoke', '--prefix', 'ffffffffffff')).rejects.toMatchObject({ stderr: expect.stringContaining('No API key with prefix') });
  await expect(keys('rotate')).rejects.toMatchObject({ stderr: expect.stringContaining('usage: npm run keys') });
}, 60_000);
