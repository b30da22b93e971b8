// What the API needs from the outside world; main.ts builds it from configuration, tests from the test stack.
import type { Client } from '@temporalio/client';
import type { Db } from '../common/db';
import type { LinkSigner } from '../common/links';
import type { CodecDeps } from './codec';

export interface ApiDeps {
  client: Client;
  db: Db;
  links: LinkSigner;
  /** The worker's task queue, where new processes are started. */
  taskQueue: string;
  /** The payload codec the Temporal UI decodes through, and who may use it. */
  codec: CodecDeps;
}
