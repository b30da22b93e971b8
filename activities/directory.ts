// Who owes a step, and who is told next when it is missed. A gap in the directory (no designated
// agency, nobody on any level) is a definite answer: DIRECTORY_GAP, not retried, so the step
// shows as blocked and the MDT coordinator is told.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../common/db';
import { initiatingAgencyOf } from '../common/processes';
import { LE_CONTACT } from '../workflows/encounter';
import type { ChainRequest, DesignatedAssignee, Party, RepresentativeRole } from '../workflows/types';

const gap = (message: string) => ApplicationFailure.create({ type: 'DIRECTORY_GAP', message, nonRetryable: true });

export function createDirectoryActivities(db: Db) {
  // A confidential step escalates only inside its agency, up to its director.
  const chainOf = async (agency: { id: string; name: string }, role: RepresentativeRole, confidential = false): Promise<Party[]> => {
    const levels = await db.escalationLevel.findMany({
      where: { agencyId: agency.id, role, level: { gt: 0 }, ...(confidential && { targetAgencyId: agency.id }) },
      orderBy: { level: 'asc' },
      include: { targetAgency: true },
    });
    return [
      { agencyId: agency.id, agencyName: agency.name, role },
      ...levels.map((l) => ({ agencyId: l.targetAgencyId, agencyName: l.targetAgency.name, role: l.targetRole })),
    ];
  };
  const staffed = async (parties: Party[]) =>
    (await db.representative.count({ where: { active: true, OR: parties.map((p) => ({ agencyId: p.agencyId, role: p.role })) } })) > 0;

  const designated = async (county: string, { agencyType, role }: DesignatedAssignee, confidential?: boolean): Promise<Party[]> => {
    const agency = await db.agency.findFirst({ where: { county, type: agencyType, designated: true, outOfCounty: false } });
    if (!agency) throw gap(`No designated ${agencyType} agency in ${county}`);
    const chain = await chainOf(agency, role, confidential);
    if (!(await staffed(chain))) throw gap(`Nobody on any level of ${agency.name}'s ${role} chain`);
    return chain;
  };

  return {
    /** The assignee (level 0) followed by its escalation levels. */
    async escalationChain(req: ChainRequest): Promise<Party[]> {
      if (!('otherwise' in req)) return designated(req.county, req, req.confidential);
      // A named agency owes the step only if someone of the role is on its roster here.
      const agency = req.agencyId ? await db.agency.findUnique({ where: { id: req.agencyId } }) : null;
      if (agency) {
        const chain = await chainOf(agency, req.role, req.confidential);
        if (req.representativeId) {
          const named = await db.representative.count({ where: { id: req.representativeId, agencyId: agency.id, role: req.role, active: true } });
          if (named) return [{ ...chain[0], representativeId: req.representativeId }, ...chain.slice(1)];
        } else if (await staffed(chain.slice(0, 1))) return chain;
      }
      return designated(req.county, req.otherwise, req.confidential);
    },

    /**
     * The LE agency that first identified the youth (its first LE-contact report here), when it is
     * not the county's designated one, which is asked anyway; null otherwise (MOU LE §5).
     */
    async identifyingLeAgency(youthRef: string, county: string): Promise<string | null> {
      const first = await db.stepFact.findFirst({
        where: { obligation: LE_CONTACT, county, workflowId: { startsWith: `${LE_CONTACT}/${youthRef}/` } },
        orderBy: { at: 'asc' },
      });
      const agencyId = first && initiatingAgencyOf(first.workflowId);
      const agency = agencyId ? await db.agency.findUnique({ where: { id: agencyId } }) : null;
      return agency?.type === 'LE' && !agency.designated ? agency.id : null;
    },

    /** The county's MDT coordinator, told when a step is blocked; null if the county has none. */
    async countyCoordinator(county: string): Promise<Party | null> {
      const rep = await db.representative.findFirst({
        where: { role: 'MDT_COORDINATOR', active: true, agency: { county, outOfCounty: false } },
        include: { agency: true },
        orderBy: { onCall: 'desc' },
      });
      return rep && { agencyId: rep.agencyId, agencyName: rep.agency.name, role: 'MDT_COORDINATOR' };
    },
  };
}
