// A name, a birth date and agency case numbers are planted through every route that takes them;
// none of them may reach what Temporal stores or shows (raw history, search attributes), an
// email, or a log line. Raw history is read as the Temporal CLI prints it without a codec, with
// every base64 value decoded too, so a plaintext payload could not hide in its encoding.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DEMO_API_KEYS } from '../prisma/seed';
import { temporalCliPath } from '../scripts/temporal-cli';
import { captureLog, processPath, serveApi, settled, type TestApi } from './support/api';
import { eventually, startStack, workerLog, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
const FAMILY = `Quintanilla${randomUUID().slice(0, 6)}`;
const GIVEN = 'Marisol';
const BORN = '2009-03-14';
const CASE = `SO-2026-${Math.floor(100000 + Math.random() * 899999)}`;
const BOOKING = `JJC-2026-${Math.floor(100000 + Math.random() * 899999)}`;
const EVIDENCE = `EV-2026-${Math.floor(100000 + Math.random() * 899999)}`;
const planted = [FAMILY, `${GIVEN} ${FAMILY}`, BORN, BORN.replaceAll('-', ''), CASE, BOOKING, EVIDENCE];

let stack: TestStack;
let api: TestApi;
const apiLog = captureLog();
const processes: string[] = [];

const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack, { log: apiLog.log });
}, 60_000);
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

/** Every string in a JSON value, and what each decodes to if it is base64. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value, Buffer.from(value, 'base64').toString('utf8')];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [String(value)];
}

const leaks = (where: string, text: string) => planted.filter((p) => text.toLowerCase().includes(p.toLowerCase())).map((p) => `${p} in ${where}`);

test('a name, a birth date and case numbers planted through every route reach no history, search attribute, email or log', async () => {
  const call = async (method: string, path: string, key: string, body?: unknown, ok = [200, 201]) => {
    const res = await api.call(method, path, { key, body });
    expect([method, path, ok.includes(res.status) ? 'ok' : res.status, res.status >= 400 ? res.body : null]).toEqual([method, path, 'ok', null]);
    return res.body;
  };
  // The registry holds the identity; a second registration of the same person is offered as a duplicate, merged and unmerged.
  const identity = { name: { given: GIVEN, family: FAMILY }, dateOfBirth: BORN, aliases: [`${GIVEN} Q`] };
  const { youthRef } = await call('POST', '/v1/youth', keys.sheriff.key, identity);
  const twin = await call('POST', '/v1/youth', keys.probation.key, identity);
  expect(twin.possibleDuplicateOf).toBe(youthRef);
  await call('POST', `/v1/youth/${twin.youthRef}/merge`, keys.probation.key, { into: youthRef, reason: `Same person: ${GIVEN} ${FAMILY}, born ${BORN}` });
  await call('POST', `/v1/youth/${twin.youthRef}/unmerge`, keys.probation.key, { reason: `Not ${FAMILY} after all` });

  // LE contact: a custody interview, with the sheriff's case number.
  const encounter = await call('POST', '/v1/encounters', keys.sheriff.key, {
    youthRef,
    encounterId: CASE,
    encounterType: 'CUSTODY_INTERVIEW',
    occurredAt: iso(-60_000),
    participatedInInvestigation: true,
    interview: { startsAt: iso(3600_000), endsAt: iso(7200_000) },
  });
  processes.push(encounter.processId);
  await settled(api, encounter.processId, keys.sheriff.key, 7);
  expect(
    (
      await api.call('POST', '/v1/encounters', {
        key: keys.sheriff.key,
        body: { youthRef, encounterId: CASE, encounterType: 'IDENTIFIED', occurredAt: iso(0) },
      })
    ).status,
  ).toBe(409);
  await call('POST', `${processPath(encounter.processId)}/interview-ended`, keys.sheriff.key);
  await call('GET', processPath(encounter.processId), keys.advocacy.key);
  await call('GET', `/v1/youth/${youthRef}/identity`, keys.sheriff.key);
  await call('GET', `/v1/youth/${youthRef}/processes`, keys.sheriff.key);
  await call('POST', `${processPath(encounter.processId)}/steps/advocate-before-interview/acknowledge`, keys.advocacy.key);
  await call('PUT', `${processPath(encounter.processId)}/steps/advocate-before-interview/deadline`, keys.admin.key, {
    dueAt: iso(3 * 3600_000),
    reason: `${GIVEN} ${FAMILY} is in hospital`,
  });
  await call('POST', `${processPath(encounter.processId)}/steps/advocate-before-interview/complete`, keys.advocacy.key);

  // The advocacy agency records the youth's consent, citing its own document number.
  const consent = await call('POST', `/v1/youth/${youthRef}/consents`, keys.advocacy.key, {
    consentedBy: 'YOUTH',
    categories: ['service-status'],
    agencyTypes: ['PROBATION'],
    validUntil: iso(30 * 86_400_000),
    documentRef: CASE,
  });
  await call('POST', `/v1/youth/${youthRef}/consents/${consent.id}/revoke`, keys.advocacy.key);

  // Detention: Probation's booking number, a flagged letter with its evidence number, the DA's request, the release.
  const detention = await call('POST', '/v1/detentions', keys.probation.key, { youthRef, bookingRef: BOOKING, bookedAt: iso(-3600_000), dependencyWard: true });
  processes.push(detention.processId);
  await settled(api, detention.processId, keys.probation.key, 7);
  const event = (path: string, key: string, body: unknown) => call('POST', `/v1/detentions/${encodeURIComponent(detention.processId)}/${path}`, key, body);
  await event('communication-flags', keys.probation.key, {
    eventId: randomUUID(),
    channel: 'MAIL',
    correspondent: 'SUSPECTED_EXPLOITER',
    observedAt: iso(-600_000),
    evidenceRef: EVIDENCE,
    reasonableCause: `Letter to ${GIVEN} ${FAMILY} (born ${BORN}) from a known recruiter`,
  });
  await event('information-requests', keys.da.key, { eventId: randomUUID() });
  const home = { name: 'Home County Probation', county: 'Home County', phone: '+1 555 010 0199', email: 'intake@probation.home.example' };
  await event('release-plans', keys.probation.key, {
    eventId: randomUUID(),
    expectedAt: iso(86_400_000),
    destination: 'OUT_OF_COUNTY_AGENCY',
    receivingAgency: home,
  });
  await event('release', keys.probation.key, { eventId: randomUUID(), releasedAt: iso(-1000), destination: 'OUT_OF_COUNTY_AGENCY', receivingAgency: home });

  // Let the emails of every opened step go out.
  await eventually(() => stack.smtp.received.filter((m) => m.text.includes(detention.processId)).length >= 10, 30_000, 'the detention emails');

  const found: string[] = [];
  const cli = temporalCliPath();
  const address = process.env.CSEC_TEST_TEMPORAL_ADDRESS!;
  for (const id of processes) {
    const history = execFileSync(cli, ['workflow', 'show', '--address', address, '--workflow-id', id, '--output', 'json'], { maxBuffer: 64 << 20 }).toString();
    expect(history).toContain('YmluYXJ5L2VuY3J5cHRlZA=='); // binary/encrypted
    found.push(...leaks(`the history of ${id}`, strings(JSON.parse(history)).join('\n')));
    const described = execFileSync(cli, ['workflow', 'describe', '--address', address, '--workflow-id', id, '--output', 'json']).toString();
    found.push(...leaks(`the description (search attributes, summary) of ${id}`, strings(JSON.parse(described)).join('\n')));
  }
  for (const mail of stack.smtp.received) found.push(...leaks(`the email "${mail.subject}" to ${mail.to.join(', ')}`, `${mail.subject}\n${mail.text}`));
  found.push(...leaks('the API log', apiLog.text()), ...leaks('the worker log', workerLog.join('\n')));
  expect(found).toEqual([]);
  // The test saw what it searched: emails were sent, and the logs hold the requests.
  expect(stack.smtp.received.length).toBeGreaterThan(10);
  expect(apiLog.text()).toContain('/v1/youth');
}, 180_000);
