// Every read and write of a case through the API leaves a row: who, what, which process.
// Never request contents: the row must be safe to show to any auditor.
import { randomUUID } from 'node:crypto';
import type { Db } from '../common/db';

export interface ApiAuditEvent {
  /** An agency id, or `link:<agency>` for an emailed link. */
  actor: string;
  action: string;
  workflowId?: string;
  stepId?: string;
  detail?: Record<string, string | number>;
}

export async function audit(db: Db, event: ApiAuditEvent): Promise<void> {
  await db.auditEvent.create({ data: { key: randomUUID(), ...event } });
}
