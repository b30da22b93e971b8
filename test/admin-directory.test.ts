// The directory's admin routes over real HTTP, in a county of the test's own (the demo county's
// directory stays as other suites expect it): an administrator builds and changes it, every
// change is audited, bad input is refused; and a change reaches a running step at its next
// escalation (the email goes to whom the directory names now).
import { randomUUID } from 'node:crypto';
import { generateApiKey } from '../common/api-keys';
import { DEMO_API_KEYS } from '../prisma/seed';
import { advocateResponse } from '../workflows/le-contact-steps';
import { registerYouth, serveApi, type TestApi } from './support/api';
import { startStack, type TestStack } from './support/stack';
import { mails, policies, waitForMail } from './support/steps';

let stack: TestStack;
let api: TestApi;
let policy: ReturnType<typeof policies>;

const run = randomUUID().slice(0, 8);
const COUNTY = `Directory Test County ${run}`;
const id = (name: string) => `dt${run}-${name}`;
const email = (name: string) => `${name}-${run}@directory.test.example`;
const admin = { key: '' };
const sheriff = { key: '' };

async function keyFor(agencyId: string, isAdmin: boolean): Promise<string> {
  const { key, prefix, secretHash } = generateApiKey();
  await stack.db.apiKey.create({ data: { agencyId, admin: isAdmin, label: 'directory test key', prefix, secretHash } });
  return key;
}

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
  policy = policies(stack.db);
  // The one thing the API cannot make: the county's first agencies and their keys.
  await stack.db.agency.createMany({
    data: [
      { id: id('da'), name: 'Test District Attorney', type: 'DA', county: COUNTY, designated: true },
      { id: id('sheriff'), name: 'Test Sheriff', type: 'LE', county: COUNTY, designated: true },
    ],
  });
  admin.key = await keyFor(id('da'), true);
  sheriff.key = await keyFor(id('sheriff'), false);
});
afterAll(async () => {
  await policy?.removeAll();
  await api?.close();
  await stack?.close();
});

const call = (method: string, path: string, o: { key?: string; body?: unknown } = admin) => api.call(method, `/v1/admin${path}`, o);
const auditOf = (action: string) => stack.db.auditEvent.findMany({ where: { action, detail: { path: ['county'], equals: COUNTY } }, orderBy: { id: 'asc' } });

/** Adds a representative through the API; answers its id. */
async function addRep(agencyId: string, role: string, name: string, onCall = true): Promise<string> {
  const res = await call('POST', '/representatives', { ...admin, body: { agencyId, role, email: email(name), onCall } });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('an administrator builds and changes the directory', () => {
  test('agencies: add (201), rename, list; a taken id is 409 AGENCY_EXISTS', async () => {
    const created = await call('POST', '/agencies', { ...admin, body: { id: id('advocacy'), name: 'Test Advocacy Center', type: 'ADVOCACY' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: id('advocacy'), name: 'Test Advocacy Center', type: 'ADVOCACY', designated: false, outOfCounty: false });
    const renamed = await call('PUT', `/agencies/${id('advocacy')}`, { ...admin, body: { name: ' Test Trafficking Advocacy Center ' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Test Trafficking Advocacy Center');
    const listed = await call('GET', '/agencies');
    expect(listed.body.agencies.map((a: { id: string }) => a.id)).toEqual([id('advocacy'), id('da'), id('sheriff')]);
    const taken = await call('POST', '/agencies', { ...admin, body: { id: 'demo-sheriff', name: 'Impostor', type: 'LE' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('AGENCY_EXISTS');

    const audited = await auditOf('api.directory.agency.update');
    expect(audited.map((a) => [a.actor, a.detail])).toEqual([
      [
        id('da'),
        {
          county: COUNTY,
          id: id('advocacy'),
          old: expect.objectContaining({ name: 'Test Advocacy Center' }),
          new: expect.objectContaining({ name: 'Test Trafficking Advocacy Center' }),
        },
      ],
    ]);
  });

  test('designations: one agency of a type at a time, audited with the one before', async () => {
    const before = await call('GET', '/designations');
    expect(before.body.designations).toContainEqual({ agencyType: 'ADVOCACY', agencyId: null });
    const set = await call('PUT', '/designations/ADVOCACY', { ...admin, body: { agencyId: id('advocacy') } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ agencyType: 'ADVOCACY', agencyId: id('advocacy') });
    const after = await call('GET', '/designations');
    expect(after.body.designations).toEqual(
      expect.arrayContaining([set.body, { agencyType: 'LE', agencyId: id('sheriff') }, { agencyType: 'PD', agencyId: null }]),
    );
    const wrongType = await call('PUT', '/designations/PROBATION', { ...admin, body: { agencyId: id('advocacy') } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.fields).toEqual([{ path: 'body.agencyId', message: 'is a ADVOCACY agency, not PROBATION' }]);
    const [audited] = await auditOf('api.directory.designation.put');
    expect(audited.detail).toEqual({ county: COUNTY, id: 'ADVOCACY', old: { agencyType: 'ADVOCACY', agencyId: null }, new: set.body });
  });

  test('representatives and escalation chains: add, change, list, each audited with old and new', async () => {
    const advocate = await addRep(id('advocacy'), 'ADVOCATE', 'advocate');
    const changed = await call('PUT', `/representatives/${advocate}`, { ...admin, body: { onCall: false, displayName: 'Day advocate' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      id: advocate,
      agencyId: id('advocacy'),
      role: 'ADVOCATE',
      email: email('advocate'),
      displayName: 'Day advocate',
      onCall: false,
      active: true,
    });
    const listed = await call('GET', '/representatives');
    expect(listed.body.representatives).toContainEqual(changed.body);
    expect(listed.body.representatives.every((r: { agencyId: string }) => r.agencyId.startsWith(`dt${run}-`))).toBe(true);
    const [audited] = await auditOf('api.directory.representative.update');
    expect(audited.actor).toBe(id('da'));
    expect(audited.detail).toEqual({ county: COUNTY, id: advocate, old: { ...changed.body, displayName: 'advocate-' + run, onCall: true }, new: changed.body });

    const chain = await call('PUT', `/escalation-chains/${id('advocacy')}/ADVOCATE`, {
      ...admin,
      body: {
        levels: [
          { agencyId: id('advocacy'), role: 'BACKUP' },
          { agencyId: id('advocacy'), role: 'DIRECTOR' },
        ],
      },
    });
    expect(chain.status).toBe(200);
    expect(chain.body).toEqual({
      agencyId: id('advocacy'),
      role: 'ADVOCATE',
      levels: [
        { level: 1, agencyId: id('advocacy'), role: 'BACKUP' },
        { level: 2, agencyId: id('advocacy'), role: 'DIRECTOR' },
      ],
    });
    expect((await call('GET', '/escalation-chains')).body.chains).toEqual([chain.body]);
    const [chainAudit] = await auditOf('api.directory.chain.put');
    expect(chainAudit.detail).toEqual({
      county: COUNTY,
      id: `${id('advocacy')}/ADVOCATE`,
      old: { agencyId: id('advocacy'), role: 'ADVOCATE', levels: [] },
      new: chain.body,
    });
  });
});

describe('refusals', () => {
  test.each([
    ['an agency id that is not a slug', 'POST', '/agencies', { id: 'Not A Slug', name: 'x', type: 'LE' }, ['body.id']],
    ['an unknown agency type', 'POST', '/agencies', { id: 'dt-x', name: 'x', type: 'POLICE' }, ['body.type']],
    ['a blank name and an unknown field', 'PUT', '/agencies/demo-sheriff', { name: ' ', county: 'x' }, ['body.name', 'body.county']],
    ['a bad email and an unknown role', 'POST', '/representatives', { agencyId: 'demo-advocacy', role: 'BOSS', email: 'nope' }, ['body.role', 'body.email']],
    ['an empty change', 'PUT', '/representatives/rep-x', {}, ['body']],
    ['an on-call flag that is not a boolean', 'PUT', '/representatives/rep-x', { onCall: 'yes' }, ['body.onCall']],
    [
      'an unknown role in the path and a level without a role',
      'PUT',
      '/escalation-chains/demo-advocacy/BOSS',
      { levels: [{ agencyId: 'demo-advocacy' }] },
      ['params.role', 'body.levels.0.role'],
    ],
    ['an unknown agency type in the path', 'PUT', '/designations/POLICE', { agencyId: 'demo-sheriff' }, ['params.agencyType']],
  ])('%s is 400 VALIDATION_FAILED with the fields', async (_what, method, path, body, fields) => {
    const res = await call(method, path, { ...admin, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(fields);
  });

  test.each([
    ['PUT', '/agencies/dt-nobody', 'AGENCY_NOT_FOUND', { name: 'x' }],
    ['POST', '/representatives', 'AGENCY_NOT_FOUND', { agencyId: 'dt-nobody', role: 'ADVOCATE', email: 'a@b.example' }],
    ['PUT', '/representatives/rep-nobody', 'REPRESENTATIVE_NOT_FOUND', { onCall: true }],
    ['PUT', '/escalation-chains/dt-nobody/ADVOCATE', 'AGENCY_NOT_FOUND', { levels: [] }],
    ['PUT', `/escalation-chains/${id('sheriff')}/OFFICER`, 'AGENCY_NOT_FOUND', { levels: [{ agencyId: 'dt-nobody', role: 'SUPERVISOR' }] }],
    ['PUT', '/designations/LE', 'AGENCY_NOT_FOUND', { agencyId: 'dt-nobody' }],
  ])('%s %s naming an unknown id is 404 %s', async (method, path, code, body) => {
    const res = await call(method, path, { ...admin, body });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe(code);
  });

  test("another county's administrator is 403 on this county's records, and sees none of them", async () => {
    const demoAdmin = { key: DEMO_API_KEYS.admin.key };
    const rep = await addRep(id('sheriff'), 'OFFICER', 'officer');
    for (const [method, path, body] of [
      ['PUT', `/agencies/${id('sheriff')}`, { name: 'Taken over' }],
      ['POST', '/representatives', { agencyId: id('sheriff'), role: 'OFFICER', email: 'x@y.example' }],
      ['PUT', `/representatives/${rep}`, { active: false }],
      ['PUT', `/escalation-chains/${id('sheriff')}/OFFICER`, { levels: [] }],
      ['PUT', '/escalation-chains/demo-sheriff/OFFICER', { levels: [{ agencyId: id('sheriff'), role: 'SUPERVISOR' }] }],
      ['PUT', '/designations/LE', { agencyId: id('sheriff') }],
    ] as const) {
      const res = await call(method, path, { ...demoAdmin, body });
      expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 403, 'FORBIDDEN']);
    }
    const theirs = await call('GET', '/representatives', demoAdmin);
    expect(theirs.body.representatives.some((r: { agencyId: string }) => r.agencyId.startsWith(`dt${run}-`))).toBe(false);
    expect((await stack.db.agency.findUnique({ where: { id: id('sheriff') } }))?.name).toBe('Test Sheriff');
  });

  test("a key that is not an administrator's is 403 on every route; no key is 401", async () => {
    for (const [method, path] of [
      ['GET', '/agencies'],
      ['GET', '/representatives'],
      ['GET', '/escalation-chains'],
      ['GET', '/designations'],
      ['POST', '/agencies'],
      ['PUT', '/representatives/rep-x'],
    ]) {
      const res = await call(method, path, { ...sheriff, body: method === 'GET' ? undefined : {} });
      expect([path, res.status, res.body.error.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    expect((await call('GET', '/agencies', {})).status).toBe(401);
  });
});

test('a directory change reaches a running step: its next escalation goes to the new on-call supervisor', async () => {
  // Set up through the API: the advocate on call, a backup, a supervisor; the chain to the backup only.
  await addRep(id('sheriff'), 'OFFICER', 'csec-unit');
  await addRep(id('advocacy'), 'ADVOCATE', 'oncall-advocate');
  await addRep(id('advocacy'), 'BACKUP', 'backup');
  const oldSupervisor = await addRep(id('advocacy'), 'SUPERVISOR', 'old-supervisor');
  const only = await call('PUT', `/escalation-chains/${id('advocacy')}/ADVOCATE`, {
    ...admin,
    body: { levels: [{ agencyId: id('advocacy'), role: 'BACKUP' }] },
  });
  expect(only.status).toBe(200);
  await policy.set('le-contact', 'advocate-response', { acknowledgeWithinSeconds: 10, completeWithinSeconds: null, escalateEverySeconds: 3600 });

  const youthRef = await registerYouth(api, sheriff.key);
  const started = await api.call('POST', '/v1/encounters', {
    ...sheriff,
    body: { youthRef, encounterId: `E-${run}`, encounterType: 'IDENTIFIED', occurredAt: new Date().toISOString(), participatedInInvestigation: false },
  });
  expect(started.status).toBe(201);
  const processId: string = started.body.processId;
  const title = advocateResponse.title;
  await waitForMail(stack, processId, { title, to: email('oncall-advocate') });

  // While the step waits: the supervisor joins the chain ahead of the backup, and a new one takes the on-call duty.
  const chain = await call('PUT', `/escalation-chains/${id('advocacy')}/ADVOCATE`, {
    ...admin,
    body: {
      levels: [
        { agencyId: id('advocacy'), role: 'SUPERVISOR' },
        { agencyId: id('advocacy'), role: 'BACKUP' },
      ],
    },
  });
  expect(chain.status).toBe(200);
  await addRep(id('advocacy'), 'SUPERVISOR', 'new-supervisor');
  expect((await call('PUT', `/representatives/${oldSupervisor}`, { ...admin, body: { onCall: false } })).status).toBe(200);

  const escalated = await waitForMail(stack, processId, { title, to: email('new-supervisor') }, 45_000);
  expect(escalated.subject).toMatch(/^OVERDUE/);
  expect(escalated.text).toContain('escalation level 1');
  // Nobody else was told at level 1: not the backup (the old chain's level 1), not the supervisor now off call.
  const told = mails(stack, processId, { title }).flatMap((m) => m.to);
  expect(told.sort()).toEqual([email('new-supervisor'), email('oncall-advocate')].sort());
}, 90_000);
