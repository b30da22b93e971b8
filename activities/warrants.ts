// Warrant requests (MOU Probation §8): the missing-youth episode drafts one; people approve and
// submit it. Keyed by the episode, so a retried or replayed activity returns the same draft.
import type { Db } from '../common/db';

export interface WarrantDraftRequest {
  episodeKey: string;
  workflowId: string;
  youthRef: string;
  county: string;
}

export function createWarrantActivities(db: Db) {
  return {
    /** The episode's draft: created once, found again on a retry. Answers its id. */
    async draftWarrantRequest(r: WarrantDraftRequest): Promise<string> {
      const row = await db.warrantRequest.upsert({ where: { episodeKey: r.episodeKey }, create: r, update: {}, select: { id: true } });
      return row.id;
    },
  };
}
