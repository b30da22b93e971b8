// Every read and write of a case through the API leaves a row: who, what, which process.
// Never request contents: the row must be safe to show to any auditor.
import { randomUUID } from 'node:crypto';
import type { Db } from '../common/db';
import type { Prisma } from '../prisma/generated/client';

export interface ApiAuditEvent {
  /** An agency id, or `link:<agency>` for an emailed link. */
  actor: string;
  action: string;
  workflowId?: string;
  stepId?: string;
  /** A directory change carries the record before and after (staff contact details, never a youth's). */
  detail?: Record<string, string | number | Prisma.InputJsonObject | null>;
}

/** `db` may be a transaction's client: the row is written with the change or not at all. */
export async function audit(db: Pick<Db, 'auditEvent'>, event: ApiAuditEvent): Promise<void> {
  await db.auditEvent.create({ data: { key: randomUUID(), ...event } });
}
