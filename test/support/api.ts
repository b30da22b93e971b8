// The API under test, served over real HTTP on an ephemeral port against a test stack.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import type { CodecDeps } from '../../api/codec';
import type { ApiDeps } from '../../api/deps';
import { payloadCodec } from '../../common/codec';
import { listen } from '../../api/listen';
import type { ProcessView } from '../../workflows/types';
import { request, type Call, type Reply } from './http';
import { eventually, testLinks, testCodecConfig, type TestStack } from './stack';

export interface TestApi {
  base: string;
  /** One checked HTTP call (see http.ts). */
  call(method: string, path: string, options?: Call): Promise<Reply>;
  close(): Promise<void>;
}

/** The API's parts on a test stack; its codec endpoint stays off unless a test configures it. */
export const testApiDeps = (stack: TestStack, client: Client = stack.client, codec: Partial<CodecDeps> = {}): ApiDeps => ({
  client,
  db: stack.db,
  links: testLinks(),
  taskQueue: stack.taskQueue,
  codec: { codec: payloadCodec(testCodecConfig()), namespace: 'default', auth: { mode: 'unconfigured' }, ...codec },
});

export async function serveApi(stack: TestStack, client: Client = stack.client, codec: Partial<CodecDeps> = {}): Promise<TestApi> {
  const server: Server = await listen(createApp(testApiDeps(stack, client, codec)), 0, '127.0.0.1');
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
