// Every process reads its settings here, once, and fails loudly on a bad value.
import { z } from 'zod';
import type { PayloadKeys } from './codec';

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

// `kid:base64,kid:base64`: every key exactly 32 bytes (AES-256), every id once.
const payloadKeys = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    const keys = new Map<string, Buffer>();
    for (const entry of value.split(',').map((e) => e.trim())) {
      const [kid, b64, ...rest] = entry.split(':');
      const key = Buffer.from(b64 ?? '', 'base64');
      if (!KEY_ID.test(kid) || rest.length || key.length !== 32 || key.toString('base64') !== b64 || keys.has(kid)) {
        ctx.addIssue({ code: 'custom', message: 'every entry must be kid:base64 of 32 bytes (kid: letters, digits, . _ -), each kid once' });
        return z.NEVER;
      }
      keys.set(kid, key);
    }
    return keys;
  });

const loopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

const fields = z.object({
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('csec-response'),
  TEMPORAL_TLS: bool,
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().default('smtp://127.0.0.1:1025'),
  // The sender's name shows on a lock screen too: nothing about what the mail concerns.
  MAIL_FROM: z.string().default('County response <no-reply@response.invalid>'),
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3000'),
  LINK_SECRET: z.string().min(32, 'LINK_SECRET must be at least 32 characters').optional(),
  // The youth registry (common/registry-keys.ts): identity master keys as kid:base64 (32-byte keys),
  // the current one, and the HMAC keys of the blind index and of case numbers in process ids.
  IDENTITY_KEYS: z.string().optional(),
  IDENTITY_KEY_ID: z.string().optional(),
  BLIND_INDEX_KEY: z.string().min(32, 'BLIND_INDEX_KEY must be at least 32 characters').optional(),
  CASE_INDEX_KEY: z.string().min(32, 'CASE_INDEX_KEY must be at least 32 characters').optional(),
  LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(72 * 3600),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Loopback by default: the embedded stack's demo keys must not be reachable from the network.
  API_HOST: z.string().default('127.0.0.1'),
  // The demo county's fixed API keys work only where the demo database is in use (npm start, tests).
  CSEC_DEMO: bool,
  // Requests per window: per API key once authenticated; per client address for refused or
  // unauthenticated requests (links, failed keys). High enough for the load test's 300 encounters.
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  RATE_LIMIT_PER_KEY: z.coerce.number().int().positive().default(1200),
  RATE_LIMIT_PER_IP: z.coerce.number().int().positive().default(600),
  // Behind a reverse proxy: which hops to trust for the client address (Express "trust proxy":
  // a hop count, or addresses/subnets such as "loopback, 10.0.0.0/8"); unset trusts none.
  API_TRUST_PROXY: z.string().optional(),
  // The worker's /metrics (worker/metrics.ts), loopback by default like the API; 0 picks a free port.
  WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  // The Temporal SDK's own Prometheus endpoint (127.0.0.1 only), merged into the worker's /metrics.
  TEMPORAL_METRICS_PORT: z.coerce.number().int().min(1).max(65535).default(9465),
  // Runs kept in the worker's memory (0.25–0.43 MB each, measured): 1,500 keeps 10,000 open processes within 1 GiB; an evicted run replays its history on its next task.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PAYLOAD_KEYS: payloadKeys,
  PAYLOAD_KEY_ID: z.string().regex(KEY_ID).optional(),
  // The codec endpoint (api/codec.ts): who may decode, and the Temporal UI's origin.
  CODEC_AUTH: z.enum(['oidc', 'none']).optional(),
  CODEC_OIDC_ISSUER: z.string().url().optional(),
  CODEC_OIDC_AUDIENCE: z.string().min(1).optional(),
  CODEC_OIDC_JWKS_URL: z.string().url().optional(),
  CODEC_COORDINATOR_CLAIM: z.string().min(1).default('groups'),
  CODEC_COORDINATOR_VALUE: z.string().min(1).default('csec-mdt-coordinator'),
  CODEC_CORS_ORIGIN: z
    .string()
    .url()
    .refine((o) => URL.canParse(o) && new URL(o).origin === o, 'must be an origin such as https://temporal-ui.county.gov (no path, no trailing slash, never *)')
    .optional(),
});

const schema = fields
  .superRefine((c, ctx) => {
    if (Boolean(c.PAYLOAD_KEYS) !== Boolean(c.PAYLOAD_KEY_ID)) {
      ctx.addIssue({ code: 'custom', path: ['PAYLOAD_KEY_ID'], message: 'PAYLOAD_KEYS and PAYLOAD_KEY_ID go together' });
    } else if (c.PAYLOAD_KEYS && !c.PAYLOAD_KEYS.has(c.PAYLOAD_KEY_ID!)) {
      ctx.addIssue({ code: 'custom', path: ['PAYLOAD_KEY_ID'], message: 'must be the id of one of PAYLOAD_KEYS' });
    }
    if (c.CODEC_AUTH === 'none' && !loopback(c.API_HOST)) {
      ctx.addIssue({ code: 'custom', path: ['CODEC_AUTH'], message: 'none (the demo stack) only while API_HOST is a loopback address' });
    }
    if (c.CODEC_AUTH === 'oidc' && (!c.CODEC_OIDC_ISSUER || !c.CODEC_OIDC_AUDIENCE)) {
      ctx.addIssue({ code: 'custom', path: ['CODEC_AUTH'], message: 'oidc needs CODEC_OIDC_ISSUER and CODEC_OIDC_AUDIENCE' });
    }
  })
  .transform(({ PAYLOAD_KEYS, PAYLOAD_KEY_ID, ...rest }) => ({
    ...rest,
    PAYLOAD_KEYS: PAYLOAD_KEYS && ({ current: PAYLOAD_KEY_ID!, keys: PAYLOAD_KEYS } satisfies PayloadKeys),
  }));

export type Config = z.output<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** A setting a process cannot run without; there is no safe default for it. */
export function required<K extends keyof Config>(config: Config, key: K): NonNullable<Config[K]> {
  const value = config[key];
  if (value === undefined || value === null || value === '') {
    throw new Error(`${String(key)} is required (npm start sets it for the embedded stack)`);
  }
  return value;
}
