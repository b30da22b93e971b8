// Audit trail and reporting facts. Keys make a retried write a no-op.
import type { Db } from '../common/db';
import type { TransitionRecord } from '../workflows/types';

export function createRecordActivities(db: Db) {
  return {
    async recordTransition(t: TransitionRecord): Promise<void> {
      const at = new Date(t.at);
      // Two keyed writes, no transaction: a retry after only the first landed adds the second.
      // (A transaction waited for a pooled connection under load and failed with P2028.)
      await Promise.all([
        db.auditEvent.createMany({
          data: [
            {
              key: t.key,
              at,
              actor: t.actor,
              action: `step.${t.event}`,
              workflowId: t.workflowId,
              stepId: t.stepId,
              detail: { level: t.level, agencyId: t.agencyId, ...(t.representativeId && { representativeId: t.representativeId }), ...t.detail },
            },
          ],
          skipDuplicates: true,
        }),
        db.stepFact.createMany({
          data: [
            {
              key: t.key,
              at,
              workflowId: t.workflowId,
              obligation: t.obligation,
              county: t.county,
              stepId: t.stepId,
              event: t.event,
              level: t.level,
              agencyId: t.agencyId,
              representativeId: t.representativeId ?? null,
            },
          ],
          skipDuplicates: true,
        }),
      ]);
    },
  };
}
