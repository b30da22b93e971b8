// Audit trail and reporting facts. Keys make a retried write a no-op.
import type { Db } from '../common/db';
import { youthRefOf } from '../common/processes';
import type { TransitionRecord } from '../workflows/types';

/** Told of each transition once, when its fact is first written (worker/metrics.ts counts them). */
export type OnRecorded = (t: TransitionRecord) => void;

export function createRecordActivities(db: Db, onRecorded?: OnRecorded) {
  return {
    async recordTransition(t: TransitionRecord): Promise<void> {
      const at = new Date(t.at);
      // Two keyed writes, no transaction: a retry after only the first landed adds the second.
      // (A transaction waited for a pooled connection under load and failed with P2028.)
      const [, fact] = await Promise.all([
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
              // A retried transition from before these fields: as the migration filled earlier rows.
              stepKind: t.stepKind ?? t.stepId.replace(/-\d+$/, ''),
              youthRef: t.youthRef ?? youthRefOf(t.workflowId),
              event: t.event,
              level: t.level,
              agencyId: t.agencyId,
              outcome: typeof t.detail?.outcome === 'string' ? t.detail.outcome : null,
              representativeId: t.representativeId ?? null,
            },
          ],
          skipDuplicates: true,
        }),
      ]);
      if (fact.count > 0) onRecorded?.(t);
    },
  };
}
