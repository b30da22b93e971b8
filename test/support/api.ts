// The API under test, served over real HTTP on an ephemeral port against a test stack.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import type { ApiDeps, RateLimits } from '../../api/deps';
import { payloadCodec } from '../../common/codec';
import { listen } from '../../api/listen';
import { createLogger } from '../../common/log';
import type { ProcessView } from '../../workflows/types';
import { request, type Call, type Reply } from './http';
import { eventually, testCodecConfig, testLinks, testRegistryKeys, type TestStack } from './stack';

export interface TestApi {
  base: string;
  /** One checked HTTP call (see http.ts). */
  call(method: string, path: string, options?: Call): Promise<Reply>;
  close(): Promise<void>;
}

/** A logger whose JSON lines a test reads. */
export function captureLog() {
  const lines: string[] = [];
  const log = createLogger('api', 'info', { write: (line: string) => void lines.push(line) });
  return { log, lines, text: () => lines.join('') };
}

/** Limits no test reaches unless it sets its own. */
export const TEST_RATE_LIMITS: RateLimits = { windowSeconds: 60, perKey: 100_000, perIp: 100_000 };

/** The API's dependencies on a test stack: demo mode (the seeded demo keys), quiet logs. */
export const testApiDeps = (stack: TestStack, overrides: Partial<ApiDeps> = {}): ApiDeps => ({
  client: stack.client,
  db: stack.db,
  links: testLinks(),
  keys: testRegistryKeys(),
  taskQueue: stack.taskQueue,
  log: createLogger('api', 'silent'),
  rateLimits: TEST_RATE_LIMITS,
  demo: true,
  // The codec endpoint stays off unless a test configures it.
  codec: { codec: payloadCodec(testCodecConfig()), namespace: 'default', auth: { mode: 'unconfigured' } },
  ...overrides,
});

export async function serveApi(stack: TestStack, overrides: Partial<ApiDeps> = {}): Promise<TestApi> {
  const server: Server = await listen(createApp(testApiDeps(stack, overrides)), 0, '127.0.0.1');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    call: (method, path, options = {}) => request(method, path, { at: base, ...options }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const processPath = (processId: string) => `/v1/processes/${encodeURIComponent(processId)}`;

/**
 * The process once it has `count` steps and none is still looking up its owner. Steps are on the
 * board from the start (OPENING); they wait on someone once the directory answered.
 */
export const settled = (api: TestApi, processId: string, key: string, count: number) =>
  eventually(
    async () => {
      const res = await api.call('GET', processPath(processId), { key });
      const view = res.body as ProcessView;
      return res.status === 200 && view.steps.length === count && view.steps.every((s) => s.status !== 'OPENING') && view;
    },
    30_000,
    `${count} settled steps`,
  );

/** Registers a youth as `key`'s agency (LE, Probation or SSA) with made-up details; answers its reference. */
export async function registerYouth(api: TestApi, key: string, details: Record<string, unknown> = {}): Promise<string> {
  const res = await api.call('POST', '/v1/youth', { key, body: { name: { given: 'Test', family: `Youth${randomUUID()}` }, estimatedAge: 15, ...details } });
  if (res.status !== 201) throw new Error(`registering a youth answered ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { youthRef: string }).youthRef;
}
