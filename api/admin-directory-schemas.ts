// Request and response schemas of the directory's admin routes (api/admin-directory.ts).
import { z } from 'zod';
import type { Agency, Representative } from '../prisma/generated/client';
import type { AgencyType as AgencyTypeT, RepresentativeRole as RoleT } from '../workflows/types';
import { AgencyType, registry, RepresentativeRole } from './schemas';

const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lower-case letters, digits and hyphens')
  .openapi({ example: 'demo-advocacy' });
const AgencyName = z.string().trim().min(1).max(200).openapi({ example: 'Demo Rape Crisis & Human Trafficking Center' });
const DisplayName = z.string().trim().min(1).max(100).openapi({ example: 'On-call advocate' });
const Email = z.email().max(254).openapi({ example: 'oncall-advocate@advocacy.demo.example' });

export const AgencyParams = z.object({ agencyId: z.string().min(1).max(100) });
export const RepresentativeParams = z.object({ representativeId: z.string().min(1).max(100) });
export const ChainParams = z.object({ agencyId: z.string().min(1).max(100), role: RepresentativeRole });
export const DesignationParams = z.object({ agencyType: AgencyType });

export const NewAgency = registry.register('NewAgency', z.strictObject({ id: Id, name: AgencyName, type: AgencyType }));
export const AgencyChange = registry.register('AgencyChange', z.strictObject({ name: AgencyName }));

const representativeFields = {
  role: RepresentativeRole,
  email: Email,
  displayName: DisplayName,
  onCall: z.boolean().openapi({ description: 'Among several of a role, the on-call ones are notified (all of them if none is).' }),
  active: z.boolean().openapi({ description: 'Inactive staff receive nothing (a representative is deactivated, not deleted).' }),
};
export const NewRepresentative = registry.register(
  'NewRepresentative',
  z.strictObject({
    agencyId: z.string().min(1).max(100),
    ...representativeFields,
    displayName: DisplayName.optional().openapi({ description: "The email's local part unless given." }),
    onCall: representativeFields.onCall.default(false),
    active: representativeFields.active.default(true),
  }),
);
export const RepresentativeChange = registry.register(
  'RepresentativeChange',
  z
    .strictObject({
      role: representativeFields.role.optional(),
      email: representativeFields.email.optional(),
      displayName: representativeFields.displayName.optional(),
      onCall: representativeFields.onCall.optional(),
      active: representativeFields.active.optional(),
    })
    .refine((o) => Object.keys(o).length > 0, 'Change at least one field'),
);

const Level = z.strictObject({ agencyId: z.string().min(1).max(100), role: RepresentativeRole });
export const ChainChange = registry.register(
  'EscalationChainChange',
  z.strictObject({
    levels: z
      .array(Level)
      .max(10)
      .openapi({ description: 'Levels 1, 2, … in order, after the assignee (level 0). Running steps use the new chain from their next escalation.' }),
  }),
);
export const DesignationChange = registry.register('DesignationChange', z.strictObject({ agencyId: z.string().min(1).max(100) }));

// Responses, tied to the database rows.
type AgencyView = Pick<Agency, 'id' | 'name' | 'type' | 'designated' | 'outOfCounty'>;
export const AgencyView = registry.register(
  'Agency',
  z.object({ id: z.string(), name: z.string(), type: AgencyType, designated: z.boolean(), outOfCounty: z.boolean() }) satisfies z.ZodType<AgencyView>,
);
export const RepresentativeView = registry.register(
  'Representative',
  z.object({
    id: z.string(),
    agencyId: z.string(),
    displayName: z.string(),
    email: z.string(),
    role: RepresentativeRole,
    onCall: z.boolean(),
    active: z.boolean(),
  }) satisfies z.ZodType<Representative>,
);
export type ChainView = {
  agencyId: string;
  role: RoleT;
  levels: { level: number; agencyId: string; role: RoleT }[];
};
export const ChainView = registry.register(
  'EscalationChain',
  z.object({
    agencyId: z.string(),
    role: RepresentativeRole,
    levels: z.array(z.object({ level: z.number().int(), agencyId: z.string(), role: RepresentativeRole })),
  }) satisfies z.ZodType<ChainView>,
);
export type DesignationView = {
  agencyType: AgencyTypeT;
  agencyId: string | null;
};
export const DesignationView = registry.register(
  'Designation',
  z.object({ agencyType: AgencyType, agencyId: z.string().nullable() }) satisfies z.ZodType<DesignationView>,
);

export const AgencyList = registry.register('AgencyList', z.object({ agencies: z.array(AgencyView) }));
export const RepresentativeList = registry.register('RepresentativeList', z.object({ representatives: z.array(RepresentativeView) }));
export const ChainList = registry.register('EscalationChainList', z.object({ chains: z.array(ChainView) }));
export const DesignationList = registry.register('DesignationList', z.object({ designations: z.array(DesignationView) }));

export const agencyView = ({ id, name, type, designated, outOfCounty }: Agency): AgencyView => ({ id, name, type, designated, outOfCounty });
