// The production compose file, image and build context, checked as files: there is no container
// engine here, so this parses the YAML and holds it to what the README promises.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: string;
  ports?: string[];
  networks?: string[];
  environment?: Record<string, string>;
  command?: string[];
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; networks: Record<string, { internal?: boolean }> };
const services = compose.services;

test('only the API and the signed-in Temporal UI are published; gRPC and the databases are internal', () => {
  const published = Object.entries(services)
    .filter(([, s]) => s.ports?.length)
    .map(([name]) => name)
    .sort();
  expect(published).toEqual(['api', 'temporal-ui']);
  expect(JSON.stringify(services)).not.toMatch(/7233:7233|"7233"|5432:5432/);
  expect(compose.networks.internal).toEqual({ internal: true });
  for (const name of ['postgresql', 'temporal-db', 'temporal-schema', 'temporal', 'temporal-search-attributes', 'migrate'])
    expect(services[name].networks).toEqual(['internal']);
});

test('the UI requires OIDC sign-in and has its write actions off', () => {
  expect(services['temporal-ui'].environment).toMatchObject({
    TEMPORAL_AUTH_ENABLED: 'true',
    TEMPORAL_AUTH_TYPE: 'oidc',
    TEMPORAL_DISABLE_WRITE_ACTIONS: 'true',
    TEMPORAL_AUTH_PROVIDER_URL: expect.stringMatching(/^\$\{OIDC_ISSUER:\?/),
  });
});

test('no mail catcher; the app runs outside demo mode with its secrets required from the environment', () => {
  expect(JSON.stringify(services)).not.toMatch(/maildev|mailhog|mailpit/i);
  for (const name of ['migrate', 'worker', 'api']) {
    const env = services[name].environment!;
    expect(services[name].build).toBe('.');
    expect(env.CSEC_DEMO).toBe('false');
    for (const secret of ['LINK_SECRET', 'SMTP_URL', 'PUBLIC_BASE_URL']) expect(env[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?`));
    expect(env.DATABASE_URL).not.toMatch(/csec:csec@/);
    expect(services[name].command?.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
  }
});

test('the image installs production dependencies only; the build context leaves out history, tests and local data', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  expect(stages).toHaveLength(2);
  expect(stages[1]).toMatch(/npm ci --omit=dev/);
  expect(stages[1]).toMatch(/COPY --from=build \/app\/prisma\/generated/);
  const ignored = read('.dockerignore').split('\n');
  for (const entry of ['.git', 'test', '.data', '.tools', 'node_modules']) expect(ignored).toContain(entry);
  // tsx runs the sources in production: it must stay a runtime dependency.
  expect((JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies).toHaveProperty('tsx');
});
