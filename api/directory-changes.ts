// The directory reads and writes behind the admin routes. A write checks that every record it
// names is the administrator's county's, makes the change and audits it (who, the record before
// and after) in one transaction: no change without its audit row. Running steps read the
// directory when they notify and escalate, so a change reaches them without a restart.
import { randomUUID } from 'node:crypto';
import type { Db } from '../common/db';
import type { Agency, Prisma } from '../prisma/generated/client';
import type { AgencyType, RepresentativeRole } from '../workflows/types';
import { agencyView, type ChainView, type DesignationView } from './admin-directory-schemas';
import { audit } from './audit';
import { ApiError, forbidden } from './errors';

type Tx = Prisma.TransactionClient;
/** The administrator acting: their agency (the audit's actor) and county (the only one they may touch). */
export interface Admin {
  agencyId: string;
  county: string;
}
type Snapshot = Prisma.InputJsonObject;

const AGENCY_TYPES: AgencyType[] = ['LE', 'ADVOCACY', 'PROBATION', 'DA', 'PD', 'SSA', 'HEALTH'];

/** An agency named in a path or a body: unknown is 404, another county's 403. */
async function agencyOf(tx: Tx, admin: Admin, id: string): Promise<Agency> {
  const agency = await tx.agency.findUnique({ where: { id } });
  if (!agency) throw new ApiError(404, 'AGENCY_NOT_FOUND', `No agency "${id}"`);
  if (agency.county !== admin.county) throw forbidden(`Agency "${id}" is another county's`);
  return agency;
}

async function representativeOf(tx: Tx, admin: Admin, id: string) {
  const rep = await tx.representative.findUnique({ where: { id }, include: { agency: { select: { county: true } } } });
  if (!rep) throw new ApiError(404, 'REPRESENTATIVE_NOT_FOUND', `No representative "${id}"`);
  if (rep.agency.county !== admin.county) throw forbidden(`Representative "${id}" is another county's`);
  const { agency: _county, ...row } = rep;
  return row;
}

async function chainOf(tx: Tx, agencyId: string, role: RepresentativeRole): Promise<ChainView> {
  const rows = await tx.escalationLevel.findMany({ where: { agencyId, role, level: { gt: 0 } }, orderBy: { level: 'asc' } });
  return { agencyId, role, levels: rows.map((l) => ({ level: l.level, agencyId: l.targetAgencyId, role: l.targetRole })) };
}

export function directoryChanges(db: Db) {
  /** Runs `change` and audits its before and after, together. */
  const audited = <T extends Snapshot>(admin: Admin, action: string, change: (tx: Tx) => Promise<{ id: string; old: Snapshot | null; new: T }>) =>
    db.$transaction(async (tx) => {
      const done = await change(tx);
      await audit(tx, {
        actor: admin.agencyId,
        action: `api.directory.${action}`,
        detail: { county: admin.county, id: done.id, old: done.old, new: done.new },
      });
      return done.new;
    });

  return {
    agencies: async (county: string) => (await db.agency.findMany({ where: { county }, orderBy: { id: 'asc' } })).map(agencyView),

    representatives: (county: string) =>
      db.representative.findMany({ where: { agency: { county } }, orderBy: [{ agencyId: 'asc' }, { role: 'asc' }, { id: 'asc' }] }),

    async chains(county: string): Promise<ChainView[]> {
      const rows = await db.escalationLevel.findMany({
        where: { agency: { county }, level: { gt: 0 } },
        orderBy: [{ agencyId: 'asc' }, { role: 'asc' }, { level: 'asc' }],
      });
      const chains = new Map<string, ChainView>();
      for (const l of rows) {
        const key = `${l.agencyId}/${l.role}`;
        if (!chains.has(key)) chains.set(key, { agencyId: l.agencyId, role: l.role, levels: [] });
        chains.get(key)!.levels.push({ level: l.level, agencyId: l.targetAgencyId, role: l.targetRole });
      }
      return [...chains.values()];
    },

    async designations(county: string): Promise<DesignationView[]> {
      const rows = await db.agency.findMany({ where: { county, designated: true, outOfCounty: false }, orderBy: { id: 'asc' } });
      return AGENCY_TYPES.map((agencyType) => ({ agencyType, agencyId: rows.find((a) => a.type === agencyType)?.id ?? null }));
    },

    createAgency: (admin: Admin, body: { id: string; name: string; type: AgencyType }) =>
      audited(admin, 'agency.create', async (tx) => {
        if (await tx.agency.findUnique({ where: { id: body.id } })) throw new ApiError(409, 'AGENCY_EXISTS', `Agency id "${body.id}" is taken`);
        return { id: body.id, old: null, new: agencyView(await tx.agency.create({ data: { ...body, county: admin.county } })) };
      }),

    renameAgency: (admin: Admin, id: string, name: string) =>
      audited(admin, 'agency.update', async (tx) => {
        const old = agencyView(await agencyOf(tx, admin, id));
        return { id, old, new: agencyView(await tx.agency.update({ where: { id }, data: { name } })) };
      }),

    createRepresentative: (
      admin: Admin,
      body: { agencyId: string; role: RepresentativeRole; email: string; displayName?: string; onCall: boolean; active: boolean },
    ) =>
      audited(admin, 'representative.create', async (tx) => {
        await agencyOf(tx, admin, body.agencyId);
        // Opaque, like the seeded ids: it travels in links and workflow history, the email never does.
        const id = `rep-${randomUUID().replaceAll('-', '').slice(0, 12)}`;
        const created = await tx.representative.create({ data: { id, ...body, displayName: body.displayName ?? body.email.split('@')[0] } });
        return { id, old: null, new: created };
      }),

    updateRepresentative: (admin: Admin, id: string, change: Prisma.RepresentativeUpdateInput) =>
      audited(admin, 'representative.update', async (tx) => {
        const old = await representativeOf(tx, admin, id);
        return { id, old, new: await tx.representative.update({ where: { id }, data: change }) };
      }),

    setChain: (admin: Admin, agencyId: string, role: RepresentativeRole, levels: { agencyId: string; role: RepresentativeRole }[]) =>
      audited(admin, 'chain.put', async (tx) => {
        await agencyOf(tx, admin, agencyId);
        for (const target of new Set(levels.map((l) => l.agencyId))) await agencyOf(tx, admin, target);
        const old = await chainOf(tx, agencyId, role);
        await tx.escalationLevel.deleteMany({ where: { agencyId, role, level: { gt: 0 } } });
        await tx.escalationLevel.createMany({ data: levels.map((l, i) => ({ agencyId, role, level: i + 1, targetAgencyId: l.agencyId, targetRole: l.role })) });
        return { id: `${agencyId}/${role}`, old, new: await chainOf(tx, agencyId, role) };
      }),

    designate: (admin: Admin, agencyType: AgencyType, agencyId: string) =>
      audited(admin, 'designation.put', async (tx) => {
        const agency = await agencyOf(tx, admin, agencyId);
        if (agency.type !== agencyType || agency.outOfCounty) {
          const message = agency.outOfCounty ? 'is an out-of-county agency' : `is a ${agency.type} agency, not ${agencyType}`;
          throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', { fields: [{ path: 'body.agencyId', message }] });
        }
        const where = { county: admin.county, type: agencyType, designated: true, outOfCounty: false };
        const old = await tx.agency.findFirst({ where });
        await tx.agency.updateMany({ where, data: { designated: false } });
        await tx.agency.update({ where: { id: agencyId }, data: { designated: true } });
        return { id: agencyType, old: { agencyType, agencyId: old?.id ?? null }, new: { agencyType, agencyId } };
      }),
  };
}
