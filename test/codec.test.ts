// The Temporal UI's codec endpoint over real HTTP: encryption round trip, key rotation, unknown
// keys, plaintext pass-through; the coordinator's OIDC token (signed by a key set made here and
// served as JWKS by a local server); CORS pinned to the UI's origin; and the settings refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { CodecDeps } from '../api/codec';
import { codecAuthOf } from '../api/codec-auth';
import { payloadCodec } from '../common/codec';
import { loadConfig } from '../common/config';
import { serveApi, testApiDeps, type TestApi } from './support/api';
import { startStack, testCodecConfig, type TestStack } from './support/stack';

const UI_ORIGIN = 'http://localhost:8233';
const ISSUER = 'https://idp.county.test/realms/csec';
const AUDIENCE = 'temporal-ui';

let stack: TestStack;
let jwks: Server;
let signing: { privateKey: CryptoKey; publicKey: CryptoKey };
const apis: TestApi[] = [];

async function serve(codec: Partial<CodecDeps>): Promise<TestApi> {
  const api = await serveApi(stack, { codec: { ...testApiDeps(stack).codec, ...codec } });
  apis.push(api);
  return api;
}
const open = (current = 'k1', keys: Record<string, number> = { k1: 1 }) =>
  serve({ codec: payloadCodec(testCodecConfig(current, keys)), auth: { mode: 'none' } });

beforeAll(async () => {
  stack = await startStack();
  signing = await generateKeyPair('RS256');
  const published = { keys: [{ ...(await exportJWK(signing.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' }] };
  jwks = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify(published)));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const api of apis) await api.close();
  await new Promise((r) => jwks?.close(r));
  await stack?.close();
});

const b64 = (s: string) => Buffer.from(s).toString('base64');
const plain = (value: unknown) => ({ metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(value)) });
const metadataOf = (p: { metadata: Record<string, string> }, key: string) => Buffer.from(p.metadata[key], 'base64').toString();

describe('encode and decode', () => {
  test('round trip: encode seals with the current key, decode gives back the same payloads', async () => {
    const api = await open();
    const payloads = [plain({ youthRef: 'Y-1234', note: 'planted-text' }), plain('second')];
    const sealed = await api.call('POST', '/codec/encode', { body: { payloads }, headers: { 'x-namespace': 'default' } });
    expect(sealed.status).toBe(200);
    expect(sealed.body.payloads).toHaveLength(2);
    for (const p of sealed.body.payloads) {
      expect([metadataOf(p, 'encoding'), metadataOf(p, 'encryption-key-id')]).toEqual(['binary/encrypted', 'k1']);
      expect(Buffer.from(p.data, 'base64').toString()).not.toContain('planted-text');
    }
    expect(sealed.body.payloads[0].data).not.toBe(sealed.body.payloads[1].data);
    const opened = await api.call('POST', '/codec/decode', { body: sealed.body, headers: { 'x-namespace': 'default' } });
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({ payloads });
  });

  test('payloads that are not encrypted (old histories) pass through decode unchanged', async () => {
    const api = await open();
    const payloads = [plain({ old: true }), { metadata: { encoding: b64('binary/null') }, data: '' }];
    const res = await api.call('POST', '/codec/decode', { body: { payloads } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ payloads });
  });

  test('rotation: payloads sealed with the old key still open; new ones use the new key; a retired key is refused by id', async () => {
    const before = await open('k1', { k1: 1 });
    const sealed = (await before.call('POST', '/codec/encode', { body: { payloads: [plain('sealed before rotation')] } })).body;
    const after = await open('k2', { k1: 1, k2: 2 });
    expect((await after.call('POST', '/codec/decode', { body: sealed })).body).toEqual({ payloads: [plain('sealed before rotation')] });
    const fresh = (await after.call('POST', '/codec/encode', { body: { payloads: [plain('sealed after')] } })).body;
    expect(metadataOf(fresh.payloads[0], 'encryption-key-id')).toBe('k2');
    expect((await after.call('POST', '/codec/decode', { body: fresh })).body).toEqual({ payloads: [plain('sealed after')] });

    const retired = await open('k2', { k2: 2 });
    const refused = await retired.call('POST', '/codec/decode', { body: sealed });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({ code: 'UNKNOWN_PAYLOAD_KEY', message: 'No payload key with id k1 is configured' });
  });

  test('a payload altered in transit, or sealed under the same id with another key, is refused', async () => {
    const api = await open();
    const [sealed] = (await api.call('POST', '/codec/encode', { body: { payloads: [plain('x')] } })).body.payloads;
    const bytes = Buffer.from(sealed.data, 'base64');
    bytes[20] ^= 1;
    const altered = await api.call('POST', '/codec/decode', { body: { payloads: [{ ...sealed, data: bytes.toString('base64') }] } });
    expect([altered.status, altered.body.error.code]).toEqual([400, 'PAYLOAD_CORRUPT']);
    const otherKey = await open('k1', { k1: 9 });
    expect((await otherKey.call('POST', '/codec/decode', { body: { payloads: [sealed] } })).body.error.code).toBe('PAYLOAD_CORRUPT');
  });

  test("bad requests: not base64, no payloads list, another namespace (an empty one is the CLI's: accepted)", async () => {
    const api = await open();
    const notBase64 = await api.call('POST', '/codec/decode', { body: { payloads: [{ metadata: { encoding: 'json/plain!' }, data: '%%%' }] } });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.payloads.0.metadata.encoding', 'body.payloads.0.data']);
    expect((await api.call('POST', '/codec/decode', { body: {} })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await api.call('POST', '/codec/decode', { body: { payloads: [] }, headers: { 'x-namespace': '' } })).status).toBe(200); // as the CLI sends it
    const other = await api.call('POST', '/codec/decode', { body: { payloads: [] }, headers: { 'x-namespace': 'elsewhere' } });
    expect([other.status, other.body.error.code]).toEqual([400, 'WRONG_NAMESPACE']);
    expect((await api.call('GET', '/codec/decode')).status).toBe(405);
  });
});

describe('who may decode', () => {
  let api: TestApi;
  beforeAll(async () => {
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    api = await serve({ auth: { mode: 'oidc', issuer: ISSUER, audience: AUDIENCE, jwksUrl, claim: 'realm_access.roles', value: 'csec-mdt-coordinator' } });
  });

  const coordinator = { realm_access: { roles: ['offline_access', 'csec-mdt-coordinator'] } };
  function token(claims: object = coordinator, o: { iss?: string; aud?: string; exp?: string | number; key?: CryptoKey } = {}): Promise<string> {
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setIssuer(o.iss ?? ISSUER)
      .setAudience(o.aud ?? AUDIENCE)
      .setSubject('coordinator-1')
      .setIssuedAt()
      .setExpirationTime(o.exp ?? '5m')
      .sign(o.key ?? signing.privateKey);
  }
  const decode = (jwt?: string) =>
    api.call('POST', '/codec/decode', { body: { payloads: [plain('x')] }, headers: jwt ? { authorization: `Bearer ${jwt}` } : {} });

  test("a coordinator's valid token is accepted", async () => {
    const res = await decode(await token());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ payloads: [plain('x')] });
  });

  test.each([
    ['no token', () => Promise.resolve(undefined), 401, 'UNAUTHENTICATED'],
    ['an expired token', () => token(coordinator, { exp: Math.floor(Date.now() / 1000) - 60 }), 401, 'UNAUTHENTICATED'],
    ['another issuer', () => token(coordinator, { iss: 'https://idp.elsewhere.test' }), 401, 'UNAUTHENTICATED'],
    ['another audience', () => token(coordinator, { aud: 'some-other-app' }), 401, 'UNAUTHENTICATED'],
    ['a token signed by another key', async () => token(coordinator, { key: (await generateKeyPair('RS256')).privateKey }), 401, 'UNAUTHENTICATED'],
    ['not a JWT', () => Promise.resolve('csec_demoda_DEMO-ONLY-district-attorney-key-01'), 401, 'UNAUTHENTICATED'],
    ['a token without the coordinator role', () => token({ realm_access: { roles: ['offline_access'] } }), 403, 'FORBIDDEN'],
    ['a token with the role elsewhere', () => token({ roles: ['csec-mdt-coordinator'] }), 403, 'FORBIDDEN'],
  ])('refused: %s', async (_what, make, status, code) => {
    const res = await decode(await make());
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });

  test('an identity provider whose keys cannot be fetched: 503, nothing decoded', async () => {
    const down = await serve({
      auth: { mode: 'oidc', issuer: ISSUER, audience: AUDIENCE, jwksUrl: 'http://127.0.0.1:9/jwks.json', claim: 'groups', value: 'c' },
    });
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await down.call('POST', '/codec/decode', { body: { payloads: [] }, headers: { authorization: `Bearer ${await token()}` } });
      expect([res.status, res.body.error.code]).toEqual([503, 'CODEC_AUTH_UNAVAILABLE']);
    } finally {
      logged.mockRestore();
    }
  });

  test('without authentication configured the endpoint refuses (fail safe)', async () => {
    const off = await serve({});
    const res = await off.call('POST', '/codec/decode', { body: { payloads: [] } });
    expect([res.status, res.body.error.code]).toEqual([503, 'CODEC_NOT_CONFIGURED']);
  });
});

describe('CORS, pinned to the UI', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await serve({ auth: { mode: 'none' }, corsOrigin: UI_ORIGIN });
  });
  const preflight = (origin: string) =>
    api.call('OPTIONS', '/codec/decode', {
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' },
    });

  test("a preflight from the UI's origin is allowed, with the headers the UI sends", async () => {
    const res = await preflight(UI_ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toBe('authorization,content-type,x-namespace');
    const call = await api.call('POST', '/codec/decode', { body: { payloads: [] }, headers: { origin: UI_ORIGIN } });
    expect(call.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  });

  test('another origin gets no CORS grant, neither on preflight nor on the call', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const call = await api.call('POST', '/codec/decode', { body: { payloads: [] }, headers: { origin: 'https://evil.example' } });
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('settings', () => {
  const key = (fill: number, bytes = 32) => Buffer.alloc(bytes, fill).toString('base64');
  test.each([
    ['a 16-byte key', { PAYLOAD_KEYS: `k1:${key(1, 16)}`, PAYLOAD_KEY_ID: 'k1' }, 'PAYLOAD_KEYS'],
    ['a key that is not base64', { PAYLOAD_KEYS: 'k1:not-base64-at-all', PAYLOAD_KEY_ID: 'k1' }, 'PAYLOAD_KEYS'],
    ['the same id twice', { PAYLOAD_KEYS: `k1:${key(1)},k1:${key(2)}`, PAYLOAD_KEY_ID: 'k1' }, 'PAYLOAD_KEYS'],
    ['a current id that is not among the keys', { PAYLOAD_KEYS: `k1:${key(1)}`, PAYLOAD_KEY_ID: 'k2' }, 'PAYLOAD_KEY_ID'],
    ['keys without a current id', { PAYLOAD_KEYS: `k1:${key(1)}` }, 'PAYLOAD_KEY_ID'],
    ['an open codec endpoint off loopback', { CODEC_AUTH: 'none', API_HOST: '0.0.0.0' }, 'CODEC_AUTH'],
    ['OIDC without an issuer', { CODEC_AUTH: 'oidc', CODEC_OIDC_AUDIENCE: AUDIENCE }, 'CODEC_AUTH'],
    ['a CORS origin of *', { CODEC_CORS_ORIGIN: '*' }, 'CODEC_CORS_ORIGIN'],
    ['a CORS origin with a path', { CODEC_CORS_ORIGIN: 'https://ui.county.test/' }, 'CODEC_CORS_ORIGIN'],
  ])('refused: %s', (_what, env, field) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`Invalid configuration: .*${field}`));
  });

  test('accepted: rotation keys, the open demo endpoint on loopback, OIDC with the default JWKS address', () => {
    const config = loadConfig({ PAYLOAD_KEYS: `old:${key(1)}, new:${key(2)}`, PAYLOAD_KEY_ID: 'new', CODEC_AUTH: 'none', API_HOST: '127.0.0.1' });
    expect(config.PAYLOAD_KEYS?.current).toBe('new');
    expect([...config.PAYLOAD_KEYS!.keys.keys()]).toEqual(['old', 'new']);
    const oidc = loadConfig({ CODEC_AUTH: 'oidc', CODEC_OIDC_ISSUER: ISSUER, CODEC_OIDC_AUDIENCE: AUDIENCE, API_HOST: '0.0.0.0' });
    expect(codecAuthOf(oidc)).toMatchObject({ mode: 'oidc', jwksUrl: `${ISSUER}/.well-known/jwks.json`, claim: 'groups', value: 'csec-mdt-coordinator' });
  });

  test('a process without payload keys fails at start', () => {
    expect(() => payloadCodec(loadConfig({}))).toThrow(/PAYLOAD_KEYS is required/);
  });
});
