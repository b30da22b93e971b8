// What the API needs from the outside world; main.ts builds it from configuration, tests from the test stack.
import type { Client } from '@temporalio/client';
import type { Db } from '../common/db';
import type { LinkSigner } from '../common/links';
import type { RegistryKeys } from '../common/registry-keys';
import type { Logger } from '../common/log';

export interface RateLimits {
  windowSeconds: number;
  /** Requests per window per API key. */
  perKey: number;
  /** Refused requests per window per client address (probing without a key, bad links). */
  perIp: number;
}
import type { CodecDeps } from './codec';

export interface ApiDeps {
  client: Client;
  db: Db;
  links: LinkSigner;
  /** The youth registry's keys; caseIndexKey also makes process ids. */
  keys: RegistryKeys;
  /** The worker's task queue, where new processes are started. */
  taskQueue: string;
  log: Logger;
  rateLimits: RateLimits;
  /** The demo database is in use: the demo county's fixed keys are accepted (CSEC_DEMO). */
  demo: boolean;
  /** The payload codec the Temporal UI decodes through, and who may use it. */
  codec: CodecDeps;
  /**
   * Timer-policy changes: the least a timer may be (60 s unless given; tests use seconds-long
   * timers, as the worker's timerFloorSeconds), and rollouts' page size and concurrency
   * (workflows/policy-rollout.ts has the defaults).
   */
  timerPolicies?: { floorSeconds?: number; pageSize?: number; concurrency?: number };
}
