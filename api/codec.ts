// The remote codec endpoint of the Temporal UI (and `temporal --codec-endpoint`): the browser
// sends the encrypted payloads it shows, and gets them back decoded, only for a coordinator
// (codec-auth.ts). Cross-origin calls are allowed from the UI's own origin, never from `*`.
import cors from 'cors';
import express, { Router } from 'express';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { payloadCodec, PayloadDecryptError } from '../common/codec';
import type { Config } from '../common/config';
import { codecAuthentication, codecAuthOf, type CodecAuth } from './codec-auth';
import { ApiError } from './errors';
import { error, json } from './openapi';
import { route } from './routes';
import { registry } from './schemas';
import { validate } from './validate';

export interface CodecDeps {
  codec: PayloadCodec;
  /** The Temporal namespace whose payloads this codec seals. */
  namespace: string;
  auth: CodecAuth;
  /** The Temporal UI's origin; without it, browsers on other origins cannot call the endpoint. */
  corsOrigin?: string;
}

export const codecDepsOf = (config: Config): CodecDeps => ({
  codec: payloadCodec(config),
  namespace: config.TEMPORAL_NAMESPACE,
  auth: codecAuthOf(config),
  corsOrigin: config.CODEC_CORS_ORIGIN,
});

/** Temporal's JSON form of a payload: metadata values and data in base64. */
interface WirePayload {
  metadata?: Record<string, string>;
  data?: string;
}
interface WirePayloads {
  payloads: WirePayload[];
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const Payloads = registry.register(
  'CodecPayloads',
  z.object({
    payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })).max(10_000),
  }) satisfies z.ZodType<WirePayloads>,
);
const CodecHeaders = z.object({
  'x-namespace': z.string().optional().openapi({ description: 'The Temporal namespace of the payloads; this codec serves one.' }),
});

const fromWire = ({ metadata = {}, data = '' }: WirePayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(data, 'base64'),
});
const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');
const toWire = (p: Payload): WirePayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(p.data),
});

registry.registerComponent('securitySchemes', 'coordinatorToken', {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: "The Temporal UI's OIDC access token of an MDT coordinator (CODEC_AUTH=oidc)",
});
for (const op of ['decode', 'encode'] as const) {
  registry.registerPath({
    method: 'post',
    path: `/codec/${op}`,
    summary: op === 'decode' ? 'Decrypt payloads for the Temporal UI (remote codec protocol)' : 'Encrypt payloads with the current key (remote codec protocol)',
    description: 'Payloads that are not encrypted pass through decode unchanged. Cross-origin calls only from CODEC_CORS_ORIGIN.',
    security: [{ coordinatorToken: [] }],
    request: { headers: CodecHeaders, body: { required: true, content: { 'application/json': { schema: Payloads } } } },
    responses: {
      200: json(Payloads, op === 'decode' ? 'The payloads, decrypted' : 'The payloads, encrypted'),
      400: error('VALIDATION_FAILED; UNKNOWN_PAYLOAD_KEY: sealed with a key this system does not have; PAYLOAD_CORRUPT; WRONG_NAMESPACE'),
      401: error('UNAUTHENTICATED: no valid, unexpired access token from the configured issuer for this audience'),
      403: error('FORBIDDEN: the token lacks the coordinator claim'),
      503: error('CODEC_NOT_CONFIGURED: no authentication is configured; CODEC_AUTH_UNAVAILABLE: the issuer keys could not be fetched'),
    },
  });
}

export function codecRoutes({ codec, namespace, auth, corsOrigin }: CodecDeps): Router {
  const router = Router();
  // The UI sends its token and namespace; preflights are answered here, before authentication.
  if (corsOrigin) router.use(cors({ origin: [corsOrigin], methods: ['POST'], allowedHeaders: ['Authorization', 'Content-Type', 'X-Namespace'], maxAge: 600 }));
  router.use(codecAuthentication(auth), express.json({ limit: '4mb' }));

  const handler = (op: 'encode' | 'decode') =>
    async function codecCall(req: express.Request, res: express.Response) {
      const { headers, body } = validate(req, { headers: CodecHeaders, body: Payloads });
      const asked = headers['x-namespace'];
      // The CLI sends an empty one.
      if (asked && asked !== namespace) throw new ApiError(400, 'WRONG_NAMESPACE', `This codec serves namespace ${namespace}, not ${asked}`);
      try {
        const out = await codec[op](body.payloads.map(fromWire));
        res.json({ payloads: out.map(toWire) } satisfies WirePayloads);
      } catch (err) {
        if (err instanceof PayloadDecryptError) throw new ApiError(400, err.code, err.message);
        throw err;
      }
    };
  route(router, '/decode', { post: handler('decode') });
  route(router, '/encode', { post: handler('encode') });
  return router;
}
