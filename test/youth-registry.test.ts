// The youth registry over real HTTP and PostgreSQL: references, sealed identities, the blind
// index, advocacy consent, identity release, merges, key rotation, and registered references
// required by every obligation endpoint.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../common/config';
import { parseKeyring } from '../common/identity-crypto';
import { registryKeys } from '../common/registry-keys';
import { createRegistration, identityOf, rewrapIdentities } from '../common/youth-registry';
import { isYouthRef } from '../common/youth-ref';
import { DEMO_API_KEYS } from '../prisma/seed';
import { registerYouth, serveApi, type TestApi } from './support/api';
import { eventually, startStack, testRegistryKeys, uniqueRef, type TestStack } from './support/stack';

const keys = DEMO_API_KEYS;
let stack: TestStack;
let api: TestApi;

beforeAll(async () => {
  stack = await startStack();
  api = await serveApi(stack);
});
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
/** A family name no other test uses, so blind-index matches are this test's own. */
const family = () => `Quintanilla${randomUUID().replace(/[^a-f]/g, '')}`;
const register = (key: string, body: unknown) => api.call('POST', '/v1/youth', { key, body });
const identity = (ref: string, key: string) => api.call('GET', `/v1/youth/${ref}/identity`, { key });
const consentBody = (extra: Record<string, unknown> = {}) => ({
  consentedBy: 'YOUTH',
  categories: ['identity', 'service-status'],
  agencyTypes: ['LE'],
  validUntil: inDays(30),
  documentRef: `CONSENT-${randomUUID().slice(0, 8)}`,
  ...extra,
});
const encounter = (youthRef: string, encounterId = `E-${randomUUID().slice(0, 8)}`) =>
  api.call('POST', '/v1/encounters', {
    key: keys.sheriff.key,
    body: { youthRef, encounterId, encounterType: 'AT_RISK_CONTACT', occurredAt: new Date().toISOString() },
  });
const processIds = async (ref: string) => {
  const res = await api.call('GET', `/v1/youth/${ref}/processes`, { key: keys.sheriff.key });
  expect(res.status).toBe(200);
  return { youthRef: res.body.youthRef as string, ids: (res.body.processes as { processId: string }[]).map((p) => p.processId).sort() };
};
const auditRows = (action: string, youthRef: string) =>
  stack.db.auditEvent.findMany({ where: { action, detail: { path: ['youthRef'], equals: youthRef } }, orderBy: { id: 'asc' } });

describe('references', () => {
  test('registration answers a random reference with a check symbol and no date', async () => {
    const refs = await Promise.all([registerYouth(api, keys.sheriff.key), registerYouth(api, keys.probation.key), registerYouth(api, keys.ssa.key)]);
    for (const ref of refs) {
      expect(ref).toMatch(/^Y-[0-9A-HJKMNP-TV-Z]{10}-[0-9A-HJKMNP-TV-Z]$/);
      expect(isYouthRef(ref)).toBe(true);
      expect(ref).not.toContain(String(new Date().getUTCFullYear()));
    }
    expect(new Set(refs).size).toBe(3);
  });

  test('the check symbol rejects a mistyped reference, and name- or date-like references are refused with 400', async () => {
    const ref = await registerYouth(api, keys.sheriff.key);
    const typo = `${ref.slice(0, 4)}${ref[4] === '7' ? '8' : '7'}${ref.slice(5)}`;
    const swapped = `${ref.slice(0, 2)}${ref[3]}${ref[2]}${ref.slice(4)}`;
    for (const bad of [typo, ...(swapped === ref ? [] : [swapped]), 'MARIALOPEZ-20090314', 'Y-2026-0001']) {
      expect(isYouthRef(bad)).toBe(false);
      const res = await identity(bad, keys.sheriff.key);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const res = await api.call('POST', '/v1/encounters', {
      key: keys.sheriff.key,
      body: { youthRef: 'MARIALOPEZ-20090314', encounterId: 'E-1', encounterType: 'AT_RISK_CONTACT', occurredAt: new Date().toISOString() },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'body.youthRef' })]);
  });
});

describe('registration', () => {
  test('identifying details are not stored in plaintext, nor in the audit', async () => {
    const name = { given: 'Marisol', family: family() };
    const res = await register(keys.sheriff.key, { name, dateOfBirth: '2010-03-14', aliases: ['Mari Q'] });
    expect(res.status).toBe(201);
    const ref = res.body.youthRef as string;
    const [raw] = await stack.db.$queryRaw<{ row: string }[]>`SELECT row_to_json(y)::text AS row FROM "Youth" y WHERE ref = ${ref}`;
    const row = await stack.db.youth.findUniqueOrThrow({ where: { ref } });
    const stored = [raw.row, Buffer.from(row.details!).toString('latin1'), Buffer.from(row.wrappedKey!).toString('latin1'), row.blindIndex!];
    for (const planted of [name.family, 'Marisol', '2010-03-14', '20100314', 'Mari Q']) for (const text of stored) expect(text).not.toContain(planted);
    expect(row).toMatchObject({ registeredBy: 'demo-sheriff', pseudonymous: false, keyId: 'test-a', mergedInto: null });
    const audits = await auditRows('api.youth.register', ref);
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0].detail)).not.toContain(name.family);
    // The registering agency reads them back.
    const back = await identity(ref, keys.sheriff.key);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ youthRef: ref, pseudonymous: false, name, dateOfBirth: '2010-03-14', aliases: ['Mari Q'] });
  });

  test('the blind index finds an earlier registration of the same person, spelt differently, with an age for a date', async () => {
    const surname = family();
    const first = await register(keys.sheriff.key, { name: { given: 'José', family: surname }, dateOfBirth: `${new Date().getUTCFullYear() - 15}-03-14` });
    expect(first.body.possibleDuplicateOf).toBeUndefined();
    const again = await register(keys.probation.key, { name: { given: 'jose', family: ` ${surname.toUpperCase()} ` }, estimatedAge: 16 });
    expect(again.status).toBe(201);
    expect(again.body.possibleDuplicateOf).toBe(first.body.youthRef);
    const other = await register(keys.ssa.key, { name: { given: 'Josefina', family: surname }, estimatedAge: 15 });
    expect(other.body.possibleDuplicateOf).toBeUndefined();
    const older = await register(keys.ssa.key, { name: { given: 'José', family: surname }, estimatedAge: 19 });
    expect(older.body.possibleDuplicateOf).toBeUndefined();
  });

  test("an advocacy agency's registrations are never offered as duplicates without identity consent", async () => {
    const name = { given: 'Ana', family: family() };
    const advocacy = await register(keys.advocacy.key, { name, estimatedAge: 15, consent: consentBody({ categories: ['service-status'] }) });
    expect(advocacy.status).toBe(201);
    const sheriff = await register(keys.sheriff.key, { name, estimatedAge: 15 });
    expect(sheriff.body.possibleDuplicateOf).toBeUndefined();
    // A later advocacy registration of the same youth learns nothing either.
    const again = await register(keys.advocacy.key, { name, estimatedAge: 15, consent: consentBody() });
    expect(again.body.possibleDuplicateOf).toBeUndefined();
    // With identity consent for LE it is offered to LE, and to nobody else.
    const bea = { name: { given: 'Bea', family: family() }, estimatedAge: 14 };
    const consented = await register(keys.advocacy.key, { ...bea, consent: consentBody() });
    const byLe = await register(keys.sheriff.key, bea);
    expect(byLe.body.possibleDuplicateOf).toBe(consented.body.youthRef);
    const byProbation = await register(keys.probation.key, bea);
    expect(byProbation.body.possibleDuplicateOf).toBe(byLe.body.youthRef);
  });

  test('advocacy registers with consent or pseudonymously; others do neither', async () => {
    const name = { given: 'Lia', family: family() };
    const noConsent = await register(keys.advocacy.key, { name, estimatedAge: 15 });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.code).toBe('CONSENT_REQUIRED');
    const detailed = await register(keys.advocacy.key, { pseudonymous: true, name });
    expect(detailed.status).toBe(400);
    expect(detailed.body.error.fields).toEqual([expect.objectContaining({ path: 'body.name' })]);
    const parent = await register(keys.advocacy.key, { name, estimatedAge: 15, consent: consentBody({ consentedBy: 'PARENT' }) });
    expect(parent.status).toBe(400);
    expect(parent.body.error.fields).toEqual([expect.objectContaining({ path: 'body.consent.parentNotSuspectedExploiter' })]);
    const past = await register(keys.advocacy.key, { name, estimatedAge: 15, consent: consentBody({ validUntil: inDays(-1) }) });
    expect(past.status).toBe(400);
    for (const body of [{ pseudonymous: true }, { name, estimatedAge: 15, consent: consentBody() }]) {
      const res = await register(keys.sheriff.key, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_REQUEST');
    }
    const da = await register(keys.da.key, { name, estimatedAge: 15 });
    expect(da.status).toBe(403);

    const pseudonymous = await register(keys.advocacy.key, { pseudonymous: true });
    expect(pseudonymous.status).toBe(201);
    const ref = pseudonymous.body.youthRef as string;
    const row = await stack.db.youth.findUniqueOrThrow({ where: { ref } });
    expect(row).toMatchObject({ pseudonymous: true, keyId: null, wrappedKey: null, details: null, blindIndex: null });
    expect((await identity(ref, keys.advocacy.key)).body).toEqual({ youthRef: ref, mergedInto: null, pseudonymous: true });
    // No other agency can resolve it, or open a process with it.
    expect((await identity(ref, keys.sheriff.key)).body.error.code).toBe('YOUTH_NOT_FOUND');
    expect((await encounter(ref)).body.error.code).toBe('YOUTH_NOT_FOUND');
    const merge = await api.call('POST', `/v1/youth/${ref}/merge`, {
      key: keys.sheriff.key,
      body: { into: await registerYouth(api, keys.sheriff.key), reason: 'same' },
    });
    expect(merge.status).toBe(404);
  });
});

describe('identity', () => {
  test('only agencies with a part in a running process of the youth get it, each call audited', async () => {
    const name = { given: 'Rosa', family: family() };
    const ref = (await register(keys.probation.key, { name, estimatedAge: 16 })).body.youthRef as string;
    // Before any process, the sheriff has no part.
    expect((await identity(ref, keys.sheriff.key)).body.error.code).toBe('YOUTH_NOT_FOUND');
    expect((await encounter(ref)).status).toBe(201);
    // The sheriff opened it; the advocacy agency owes its first step.
    for (const key of [keys.sheriff.key, keys.advocacy.key]) {
      const res = await eventually(
        async () => {
          const r = await identity(ref, key);
          return r.status === 200 && r;
        },
        30_000,
        'identity released to a party',
      );
      expect(res.body).toMatchObject({ youthRef: ref, name });
    }
    for (const key of [keys.da.key, keys.health.key]) {
      const res = await identity(ref, key);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('YOUTH_NOT_FOUND');
      expect(res.text).not.toContain(name.family);
    }
    // Unknown references answer the same.
    expect((await identity(uniqueRef(), keys.da.key)).body.error.code).toBe('YOUTH_NOT_FOUND');
    const audits = await auditRows('api.youth.identity', ref);
    expect(audits.map((a) => [a.actor, (a.detail as { outcome: string }).outcome])).toEqual(
      expect.arrayContaining([
        ['demo-sheriff', 'not-found'],
        ['demo-sheriff', 'released'],
        ['demo-advocacy', 'released'],
        ['demo-da', 'not-found'],
        ['demo-health', 'not-found'],
      ]),
    );
  });

  test("an advocacy registration's identity reaches another agency type only under active consent covering identity", async () => {
    const name = { given: 'Iris', family: family() };
    const reg = await register(keys.advocacy.key, { name, estimatedAge: 15, consent: consentBody({ categories: ['service-status'] }) });
    const ref = reg.body.youthRef as string;
    expect((await encounter(ref)).status).toBe(201);
    const sheriffSees = () => identity(ref, keys.sheriff.key);
    expect((await sheriffSees()).body.error.code).toBe('NO_CONSENT');
    expect((await sheriffSees()).text).not.toContain(name.family);

    // Consent for Probation only does not reach LE; then consent for LE does.
    const consents = (body: unknown, key: string = keys.advocacy.key) => api.call('POST', `/v1/youth/${ref}/consents`, { key, body });
    expect((await consents(consentBody({ agencyTypes: ['PROBATION'] }))).status).toBe(201);
    expect((await sheriffSees()).status).toBe(403);
    expect((await consents(consentBody(), keys.sheriff.key)).status).toBe(403);
    const granted = await consents(consentBody());
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      youthRef: ref,
      consentedBy: 'YOUTH',
      categories: ['identity', 'service-status'],
      agencyTypes: ['LE'],
      revokedAt: null,
    });
    expect((await sheriffSees()).body).toMatchObject({ name });

    const revoke = (id: string) => api.call('POST', `/v1/youth/${ref}/consents/${id}/revoke`, { key: keys.advocacy.key });
    const revoked = await revoke(granted.body.id);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await revoke(granted.body.id)).body.revokedAt).toBe(revoked.body.revokedAt);
    expect((await revoke(randomUUID())).body.error.code).toBe('CONSENT_NOT_FOUND');
    expect((await sheriffSees()).body.error.code).toBe('NO_CONSENT');

    // A consent that has run out covers nothing (written directly: the API takes only future ends).
    await stack.db.youthConsent.create({
      data: {
        youthRef: ref,
        recordedBy: 'demo-advocacy',
        consentedBy: 'YOUTH',
        categories: ['identity'],
        agencyTypes: ['LE'],
        validUntil: new Date(Date.now() - 1000),
        documentRef: 'C-OLD',
      },
    });
    expect((await sheriffSees()).body.error.code).toBe('NO_CONSENT');
  });

  test('advocacy records consent for youth it registered or serves, and for no other', async () => {
    const ref = await registerYouth(api, keys.sheriff.key);
    const record = () => api.call('POST', `/v1/youth/${ref}/consents`, { key: keys.advocacy.key, body: consentBody({ categories: ['service-status'] }) });
    expect((await record()).body.error.code).toBe('YOUTH_NOT_FOUND');
    expect((await encounter(ref)).status).toBe(201); // the advocate's response is owed to the youth
    const recorded = await eventually(
      async () => {
        const res = await record();
        return res.status === 201 && res;
      },
      30_000,
      'consent recorded by the serving advocacy agency',
    );
    expect(recorded.body).toMatchObject({ youthRef: ref, categories: ['service-status'], agencyTypes: ['LE'] });
    expect(await stack.db.youthConsent.count({ where: { youthRef: ref, recordedBy: 'demo-advocacy' } })).toBe(1);
  });

  test('the audit row is written before the identity is answered: if it cannot be written, the read fails', async () => {
    const name = { given: 'Nora', family: family() };
    const ref = await registerYouth(api, keys.sheriff.key, { name });
    await stack.db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION refuse_identity_audit() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit refused for the test'; END $$ LANGUAGE plpgsql`);
    await stack.db.$executeRawUnsafe(`
      CREATE TRIGGER refuse_identity_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW
      WHEN (NEW.action = 'api.youth.identity' AND NEW.detail->>'youthRef' = '${ref}') EXECUTE FUNCTION refuse_identity_audit()`);
    try {
      const res = await identity(ref, keys.sheriff.key);
      expect(res.status).toBe(500);
      expect(res.text).not.toContain(name.family);
    } finally {
      await stack.db.$executeRawUnsafe('DROP TRIGGER refuse_identity_audit ON "AuditEvent"');
      await stack.db.$executeRawUnsafe('DROP FUNCTION refuse_identity_audit()');
    }
    const res = await identity(ref, keys.sheriff.key);
    expect(res.status).toBe(200);
    expect(res.body.name).toEqual(name);
  });
});

describe('merge', () => {
  test("merge and unmerge carry the youth's processes along, and are audited", async () => {
    const [duplicate, survivor] = [await registerYouth(api, keys.sheriff.key), await registerYouth(api, keys.sheriff.key)];
    const [a, b] = [(await encounter(duplicate)).body.processId as string, (await encounter(survivor)).body.processId as string];
    const listed = (ref: string, expected: { youthRef: string; ids: string[] }) =>
      eventually(
        async () => JSON.stringify(await processIds(ref)) === JSON.stringify({ youthRef: expected.youthRef, ids: expected.ids.sort() }),
        30_000,
        `${ref}'s processes`,
      );
    await listed(survivor, { youthRef: survivor, ids: [b] });

    const merge = (body: unknown, key: string = keys.probation.key, ref = duplicate) => api.call('POST', `/v1/youth/${ref}/merge`, { key, body });
    expect((await merge({ into: survivor, reason: 'same youth' }, keys.advocacy.key)).status).toBe(403);
    expect((await merge({ into: duplicate, reason: 'same youth' })).body.error.code).toBe('MERGE_REFUSED');
    expect((await merge({ into: uniqueRef(), reason: 'same youth' })).body.error.code).toBe('YOUTH_NOT_FOUND');
    expect((await merge({ into: survivor })).status).toBe(400);
    const merged = await merge({ into: survivor, reason: 'Same youth: the fingerprints match' });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({ youthRef: duplicate, mergedInto: survivor });
    expect((await merge({ into: survivor, reason: 'again' })).body.error.code).toBe('ALREADY_MERGED');
    // Nothing may merge into a registration that is itself merged away.
    expect((await merge({ into: duplicate, reason: 'x' }, keys.probation.key, await registerYouth(api, keys.sheriff.key))).body.error.code).toBe(
      'MERGE_REFUSED',
    );

    await listed(survivor, { youthRef: survivor, ids: [a, b] });
    await listed(duplicate, { youthRef: survivor, ids: [a, b] });
    expect((await identity(duplicate, keys.sheriff.key)).body.mergedInto).toBe(survivor);
    // A new encounter under the merged reference still needs it registered, and joins the survivor's list.
    const c = (await encounter(duplicate)).body.processId as string;
    await listed(survivor, { youthRef: survivor, ids: [a, b, c] });

    const unmerged = await api.call('POST', `/v1/youth/${duplicate}/unmerge`, { key: keys.ssa.key, body: { reason: 'Twins, not one youth' } });
    expect(unmerged.body).toEqual({ youthRef: duplicate, mergedInto: null });
    expect((await api.call('POST', `/v1/youth/${duplicate}/unmerge`, { key: keys.ssa.key, body: { reason: 'again' } })).body.error.code).toBe('NOT_MERGED');
    await listed(survivor, { youthRef: survivor, ids: [b] });
    await listed(duplicate, { youthRef: duplicate, ids: [a, c] });

    const history = await stack.db.youthMerge.findMany({ where: { youthRef: duplicate }, orderBy: { id: 'asc' } });
    expect(history.map((h) => [h.action, h.survivor, h.actor])).toEqual([
      ['MERGE', survivor, 'demo-probation'],
      ['UNMERGE', survivor, 'demo-ssa'],
    ]);
    expect((await auditRows('api.youth.merge', duplicate)).map((r) => r.detail)).toEqual([{ youthRef: duplicate, into: survivor }]);
    expect((await auditRows('api.youth.unmerge', duplicate)).map((r) => r.detail)).toEqual([{ youthRef: duplicate, from: survivor }]);
  });
});

describe('keys', () => {
  test('rotation: details sealed under an old key still open; rewrap moves them to the current key', async () => {
    const details = { name: { given: 'Vera', family: family() }, estimatedAge: 15, aliases: [], recordedAt: new Date().toISOString() };
    const { ref } = await createRegistration(stack.db, testRegistryKeys('test-a'), 'demo-sheriff', details);
    const row = () => stack.db.youth.findUniqueOrThrow({ where: { ref } });
    expect((await row()).keyId).toBe('test-a');

    const rotated = testRegistryKeys('test-b');
    expect(identityOf(rotated, await row())).toEqual(details);
    const fresh = await createRegistration(stack.db, rotated, 'demo-sheriff', { ...details, name: { given: 'Vera', family: family() } });
    expect((await stack.db.youth.findUniqueOrThrow({ where: { ref: fresh.ref } })).keyId).toBe('test-b');

    // Without the old key, an old row does not open until it is re-wrapped.
    const retired = testRegistryKeys('test-b', ['test-b']);
    const before = await row();
    expect(() => identityOf(retired, before)).toThrow(/test-a/);
    expect(await rewrapIdentities(stack.db, rotated)).toBeGreaterThan(0);
    const after = await row();
    expect(after.keyId).toBe('test-b');
    expect(Buffer.from(after.details!)).toEqual(Buffer.from(before.details!)); // only the data key was re-wrapped
    expect(identityOf(retired, after)).toEqual(details);
    expect(await rewrapIdentities(stack.db, rotated)).toBe(0);
  });

  test('malformed key configuration fails loudly', () => {
    expect(() => parseKeyring('k1:c2hvcnQ=', 'k1')).toThrow(/32-byte/);
    expect(() => parseKeyring(`k1:${Buffer.alloc(32).toString('base64')}`, 'k2')).toThrow(/IDENTITY_KEY_ID/);
    const same = 'one-key-for-both-0123456789abcdef0123456789';
    const config = { IDENTITY_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`, IDENTITY_KEY_ID: 'k1', BLIND_INDEX_KEY: same, CASE_INDEX_KEY: same };
    expect(() => registryKeys(loadConfig(config))).toThrow(/must differ/);
    expect(() => registryKeys(loadConfig({ ...config, CASE_INDEX_KEY: undefined }))).toThrow(/CASE_INDEX_KEY is required/);
    expect(() => loadConfig({ ...config, BLIND_INDEX_KEY: 'short' })).toThrow(/BLIND_INDEX_KEY/);
  });
});

describe('obligation endpoints', () => {
  test('answer 404 YOUTH_NOT_FOUND for a well-formed reference nobody registered', async () => {
    const ref = uniqueRef();
    const enc = await encounter(ref);
    expect(enc.status).toBe(404);
    expect(enc.body.error.code).toBe('YOUTH_NOT_FOUND');
    const det = await api.call('POST', '/v1/detentions', {
      key: keys.probation.key,
      body: { youthRef: ref, bookingRef: 'B-404', bookedAt: new Date().toISOString(), dependencyWard: false },
    });
    expect(det.status).toBe(404);
    expect(det.body.error.code).toBe('YOUTH_NOT_FOUND');
  });

  test("process ids and summaries carry a keyed hash of the agency's case number, never the number; a repeat still collides", async () => {
    const ref = await registerYouth(api, keys.sheriff.key);
    const caseNumber = `E-CASE-${randomUUID().slice(0, 8)}`;
    const first = await encounter(ref, caseNumber);
    expect(first.status).toBe(201);
    const processId = first.body.processId as string;
    expect(processId).toMatch(new RegExp(`^le-contact/${ref}/demo-sheriff/[0-9A-Z]{16}$`));
    expect(processId).not.toContain(caseNumber);
    const repeat = await encounter(ref, caseNumber);
    expect(repeat.status).toBe(409);
    expect(repeat.body.error).toMatchObject({ code: 'ENCOUNTER_EXISTS', processId });
    const description = await stack.client.workflow.getHandle(processId).describe();
    expect(`${await description.staticSummary()} ${await description.staticDetails()}`).not.toContain(caseNumber);
  });
});
