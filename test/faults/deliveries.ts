// What the fault suites check at the end: every notification the database knows of was sent and
// reached the SMTP server, counted there by Message-ID, and nothing else reached it for these processes.
import type { Db } from '../../common/db';
import { countByMessageId, type ReceivedMail } from '../support/smtp-sink';

export interface Deliveries {
  /** Notifications (one per key and recipient). */
  expected: number;
  /** Notification keys never marked sent, or whose Message-ID never arrived. */
  missing: string[];
  /** Message-IDs that arrived for these processes without a notification row. */
  unexpected: string[];
  /** Message-IDs that arrived more than once, with how many send attempts their row counted. */
  repeated: { messageId: string; arrived: number; sendAttempts: number }[];
}

export async function deliveries(db: Db, received: readonly ReceivedMail[], workflowIds: readonly string[]): Promise<Deliveries> {
  const rows = await db.notification.findMany({ where: { workflowId: { in: [...workflowIds] } } });
  const ids = new Set(workflowIds);
  const arrived = countByMessageId(received.filter((m) => ids.has(/^Process: (.+)$/m.exec(m.text)?.[1] ?? '')));
  const byMessageId = new Map(rows.map((r) => [r.messageId ?? '', r]));
  return {
    expected: rows.length,
    missing: rows.filter((r) => !r.sentAt || !arrived.has(r.messageId ?? '')).map((r) => r.key),
    unexpected: [...arrived.keys()].filter((id) => !byMessageId.has(id)),
    repeated: [...arrived]
      .filter(([, n]) => n > 1)
      .map(([messageId, n]) => ({ messageId, arrived: n, sendAttempts: byMessageId.get(messageId)?.sendAttempts ?? 0 })),
  };
}
