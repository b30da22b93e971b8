// Who owes a step, and who is told next when it is missed.
import type { Db } from '../common/db';
import type { Party } from '../workflows/messages';
import type { AssigneeSpec } from './types';

export function createDirectoryActivities(db: Db) {
  return {
    /** The designated agency's assignee (level 0) followed by its escalation levels. */
    async escalationChain({ county, agencyType, role }: AssigneeSpec): Promise<Party[]> {
      const agency = await db.agency.findFirst({
        where: { county, type: agencyType, designated: true, outOfCounty: false },
      });
      // Retried until an administrator designates one: the step must not be dropped.
      if (!agency) throw new Error(`No designated ${agencyType} agency in ${county}`);
      const levels = await db.escalationLevel.findMany({
        where: { agencyId: agency.id, role, level: { gt: 0 } },
        orderBy: { level: 'asc' },
        include: { targetAgency: true },
      });
      return [
        { agencyId: agency.id, agencyName: agency.name, role },
        ...levels.map((l) => ({ agencyId: l.targetAgencyId, agencyName: l.targetAgency.name, role: l.targetRole })),
      ];
    },
  };
}
