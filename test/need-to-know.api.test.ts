// The access matrix over real HTTP: every agency type × every process route, for a process the
// agency is party to and one it is not. A process exists only for the agencies in its steps'
// chains, the reporting agency and the county's coordinators and administrators; to everyone
// else every route answers exactly as for a process that does not exist. Confidential steps
// (advocacy, health, defense) show to other agencies only as whose they are and whether on time.
import { generateApiKey } from '../common/api-keys';
import { DEMO_API_KEYS } from '../prisma/seed';
import type { ProcessView } from '../workflows/types';
import { processPath, registerYouth, serveApi, settled, type TestApi } from './support/api';
import { eventually, setTimers, startStack, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
let stack: TestStack;
let api: TestApi;
/** Every agency type, the county's administrator, an LE agency with no part, and another county's agency. */
const callers: Record<string, string> = {
  'LE (reporting)': keys.sheriff.key,
  'LE (no part)': '',
  ADVOCACY: keys.advocacy.key,
  PROBATION: keys.probation.key,
  'DA (MDT coordinator)': keys.da.key,
  PD: '',
  SSA: keys.ssa.key,
  HEALTH: keys.health.key,
  ADMINISTRATOR: keys.admin.key,
  'another county': '',
};
let encounter: string;
let detention: string;
let detentionYouth: string;

async function keyFor(agencyId: string): Promise<string> {
  const { key, prefix, secretHash } = generateApiKey();
  await stack.db.apiKey.create({ data: { agencyId, label: 'need-to-know test key', prefix, secretHash } });
  return key;
}

beforeAll(async () => {
  stack = await startStack();
  for (const step of ['advocate-response', 'child-abuse-phone-report', 'child-abuse-written-report']) {
    await setTimers(stack.db, 'le-contact', step, { acknowledgeWithinSeconds: 3600, completeWithinSeconds: 3600, escalateEverySeconds: 3600 });
  }
  api = await serveApi(stack);
  callers['LE (no part)'] = await keyFor('demo-city-pd');
  callers.PD = await keyFor('demo-pd');
  callers['another county'] = await keyFor('neighbor-probation');

  const reported = await api.call('POST', '/v1/encounters', {
    key: keys.sheriff.key,
    body: { youthRef: await registerYouth(api, keys.sheriff.key), encounterId: 'E-NTK-1', encounterType: 'IDENTIFIED', occurredAt: new Date().toISOString() },
  });
  encounter = reported.body.processId;
  await settled(api, encounter, keys.sheriff.key, 3);
  detentionYouth = await registerYouth(api, keys.probation.key);
  const booked = await api.call('POST', '/v1/detentions', {
    key: keys.probation.key,
    body: { youthRef: detentionYouth, bookingRef: 'B-NTK-1', bookedAt: new Date().toISOString(), dependencyWard: false },
  });
  detention = booked.body.processId;
  await settled(api, detention, keys.probation.key, 7);
}, 120_000);
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

// Who has need to know of each process: its chains, its reporter, the coordinator and administrator.
const sees = {
  encounter: ['LE (reporting)', 'ADVOCACY', 'DA (MDT coordinator)', 'ADMINISTRATOR'],
  detention: ['ADVOCACY', 'PROBATION', 'DA (MDT coordinator)', 'HEALTH', 'ADMINISTRATOR'],
};

/** Every route that names a process of this kind, with a body it would accept from someone. */
const routes = (id: string, which: 'encounter' | 'detention'): [method: string, path: string, body?: unknown][] => {
  const step = which === 'encounter' ? 'child-abuse-phone-report' : 'dpo-notice';
  return [
    ['GET', processPath(id)],
    ['POST', `${processPath(id)}/steps/${step}/acknowledge`],
    ['POST', `${processPath(id)}/steps/${step}/complete`],
    ['POST', `${processPath(id)}/steps/${step}/close`, { reason: 'matrix' }],
    ['PUT', `${processPath(id)}/steps/${step}/deadline`, { dueAt: new Date(Date.now() + 3600_000).toISOString(), reason: 'matrix' }],
    which === 'encounter'
      ? ['POST', `${processPath(id)}/interview-ended`]
      : ['POST', `/v1/detentions/${encodeURIComponent(id)}/information-requests`, { eventId: 'NTK-1' }],
  ];
};

describe.each(['encounter', 'detention'] as const)('a %s process', (which) => {
  const id = () => (which === 'encounter' ? encounter : detention);
  const missing = () => id().replace(/[^/]+$/, '0000000000000000');

  test.each(Object.keys(callers))('%s: visible only with need to know, and hidden exactly like a missing process', async (caller) => {
    const key = callers[caller];
    const visible = sees[which].includes(caller);
    const read = await api.call('GET', processPath(id()), { key });
    expect(read.status).toBe(visible ? 200 : 404);
    for (const [method, path, body] of routes(id(), which)) {
      const res = await api.call(method, path, { key, body });
      const none = await api.call(method, path.replace(encodeURIComponent(id()), encodeURIComponent(missing())), { key, body });
      if (visible) expect(res.body?.error?.code).not.toBe('PROCESS_NOT_FOUND');
      // Same status and body as a process that does not exist, for every route; validation first (400) alike.
      else expect([method, path, res.status, res.body]).toEqual([method, path, none.status, none.body]);
    }
  });
});

test('confidential steps: other agencies see only whose they are and whether they are on time; the owning agency sees them whole', async () => {
  const view = async (key: string) => (await api.call('GET', processPath(detention), { key })).body as ProcessView;
  const probation = await view(keys.probation.key);
  const hidden = probation.steps.filter((s) => s.kind === 'confidential');
  // Health's screening, assessment and referrals and the advocate's support: none readable by Probation.
  expect(hidden.length).toBeGreaterThanOrEqual(5);
  for (const s of hidden) {
    expect(s).toMatchObject({ title: 'Confidential step', chain: [], owing: null, dueAt: null, openedAt: null, escalations: [] });
    expect(['ADVOCACY', 'HEALTH']).toContain(s.confidentialTo?.agencyType);
  }
  const text = JSON.stringify(probation);
  for (const secret of ['mental', 'medical', 'advocate', 'CLINICIAN', 'ADVOCATE']) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
  // Health reads its own steps whole, and not the advocate's.
  const health = await view(keys.health.key);
  expect(health.steps.some((s) => s.chain[0]?.agencyId === 'demo-health')).toBe(true);
  expect(health.steps.filter((s) => s.confidentialTo?.agencyType === 'ADVOCACY').length).toBeGreaterThan(0);
  expect(health.steps.some((s) => s.confidentialTo?.agencyType === 'HEALTH')).toBe(false);
  // The coordinator too sees only that a step of the agency is on time or overdue, here and in the Temporal UI's current details.
  const coordinator = await view(keys.da.key);
  expect(coordinator.steps.filter((s) => s.kind === 'confidential')).toHaveLength(hidden.length);
  const { currentDetails } = await stack.client.workflow.getHandle(detention).query<{ currentDetails: string }>('__temporal_workflow_metadata');
  expect(currentDetails).toContain('- Confidential step of Demo County Juvenile Health Services: on time');
  for (const secret of ['mental', 'medical', 'screening', 'advocate']) expect(currentDetails.toLowerCase()).not.toContain(secret);
});

test("a youth's process list holds only the processes the caller has need to know of", async () => {
  const list = async (key: string) => (await api.call('GET', `/v1/youth/${detentionYouth}/processes`, { key })).body.processes as { processId: string }[];
  // Visibility is eventually consistent: the party list is a search attribute.
  await eventually(async () => (await list(keys.probation.key)).length === 1, 30_000, 'the detention in Probation’s list');
  for (const [caller, key] of Object.entries(callers)) {
    const ids = (await list(key)).map((p) => p.processId);
    expect([caller, ids]).toEqual([caller, sees.detention.includes(caller) ? [detention] : []]);
  }
});

test("the youth's written consent lets the advocates' steps reach Probation, and only while it is live", async () => {
  const probationView = async () => ((await api.call('GET', processPath(detention), { key: keys.probation.key })).body as ProcessView).steps;
  const advocates = ['advocate-detention-support', 'weekly-advocate-contact'];
  const advocacy = (steps: ProcessView['steps']) => steps.filter((s) => s.confidentialTo?.agencyType === 'ADVOCACY' || advocates.includes(s.kind));
  expect(advocacy(await probationView()).every((s) => s.kind === 'confidential')).toBe(true);
  const consent = await api.call('POST', `/v1/youth/${detentionYouth}/consents`, {
    key: keys.advocacy.key,
    body: {
      consentedBy: 'YOUTH',
      categories: ['service-status'],
      agencyTypes: ['PROBATION'],
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      documentRef: 'CONSENT-0001',
    },
  });
  expect(consent.status).toBe(201);
  // Status only: what each step is and where it stands, not its outcome or record.
  const shared = advocacy(await probationView());
  expect(shared.map((s) => s.kind).sort()).toEqual(['advocate-detention-support', 'weekly-advocate-contact']);
  expect(shared.every((s) => s.outcome === undefined && s.record === undefined)).toBe(true);
  // Another agency type gains nothing from it.
  const health = ((await api.call('GET', processPath(detention), { key: keys.health.key })).body as ProcessView).steps;
  expect(health.filter((s) => s.confidentialTo?.agencyType === 'ADVOCACY').length).toBe(2);
  // Revoked: hidden again at once.
  const revoked = await api.call('POST', `/v1/youth/${detentionYouth}/consents/${consent.body.id}/revoke`, { key: keys.advocacy.key });
  expect(revoked.status).toBe(200);
  expect(advocacy(await probationView()).every((s) => s.kind === 'confidential')).toBe(true);
});
