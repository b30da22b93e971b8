// Demo county directory and demo API keys for the embedded stack (`npm start`) and tests.
// Idempotent: safe to run on every start. Never run it against a production database.
import { createHash } from 'node:crypto';
import type { Db } from '../common/db';
import { hashSecret, parseApiKey } from '../common/api-keys';
import { DEFAULT_COUNTY_CALENDAR } from '../common/clock-time';
import { seal } from '../common/identity-crypto';
import type { RegistryKeys } from '../common/registry-keys';
import type { IdentifyingDetails } from '../common/youth-registry';
import type { AgencyType, RepresentativeRole } from '../workflows/types';

export const DEMO_COUNTY = 'Demo County';

const agencies: { id: string; name: string; type: AgencyType; designated?: boolean; county?: string }[] = [
  { id: 'demo-sheriff', name: 'Demo County Sheriff', type: 'LE', designated: true },
  { id: 'demo-city-pd', name: 'Demo City Police Department', type: 'LE' },
  { id: 'demo-advocacy', name: 'Demo Rape Crisis & Human Trafficking Center', type: 'ADVOCACY', designated: true },
  { id: 'demo-probation', name: 'Demo County Probation Department', type: 'PROBATION', designated: true },
  { id: 'demo-da', name: 'Demo County District Attorney', type: 'DA', designated: true },
  { id: 'demo-pd', name: 'Demo County Public Defender, Juvenile Division', type: 'PD', designated: true },
  { id: 'demo-ssa', name: 'Demo County Social Services Agency', type: 'SSA', designated: true },
  { id: 'demo-health', name: 'Demo County Juvenile Health Services', type: 'HEALTH', designated: true },
  // A youth's own counsel of record (a panel attorney's office), named on a subpoena: not the county's PD.
  { id: 'demo-juvenile-counsel', name: 'Demo Juvenile Defense Panel', type: 'PD' },
  { id: 'neighbor-probation', name: 'Neighbor County Probation Department', type: 'PROBATION', county: 'Neighbor County' },
];

// Staff point persons (fictional). [agency, role, email, on call]
const representatives: [string, RepresentativeRole, string, boolean][] = [
  ['demo-sheriff', 'OFFICER', 'csec-unit@sheriff.demo.example', true],
  ['demo-advocacy', 'ADVOCATE', 'oncall-advocate@advocacy.demo.example', true],
  ['demo-advocacy', 'ADVOCATE', 'advocate-2@advocacy.demo.example', false],
  ['demo-advocacy', 'BACKUP', 'backup-advocate@advocacy.demo.example', true],
  ['demo-advocacy', 'SUPERVISOR', 'supervisor@advocacy.demo.example', true],
  ['demo-advocacy', 'DIRECTOR', 'director@advocacy.demo.example', true],
  ['demo-probation', 'DPO', 'jjc-intake-dpo@probation.demo.example', true],
  ['demo-probation', 'BACKUP', 'backup-dpo@probation.demo.example', true],
  ['demo-probation', 'SUPERVISOR', 'supervising-po@probation.demo.example', true],
  ['demo-da', 'MDT_COORDINATOR', 'mdt-coordinator@da.demo.example', true],
  ['demo-da', 'DDA', 'juvenile-dda@da.demo.example', true],
  ['demo-pd', 'DEFENDER', 'juvenile-defender@pd.demo.example', true],
  ['demo-ssa', 'SOCIAL_WORKER', 'csec-social-worker@ssa.demo.example', true],
  ['demo-health', 'CLINICIAN', 'intake-clinician@health.demo.example', true],
  ['demo-health', 'MENTAL_HEALTH_CLINICIAN', 'mental-health@health.demo.example', true],
  ['demo-health', 'SUPERVISOR', 'medical-director@health.demo.example', true],
  ['demo-sheriff', 'SUPERVISOR', 'csec-sergeant@sheriff.demo.example', true],
  ['demo-city-pd', 'OFFICER', 'csec-liaison@citypd.demo.example', true],
  ['demo-da', 'HEAT_DDA', 'heat-dda@da.demo.example', true],
  ['demo-da', 'SUPERVISOR', 'chief-deputy@da.demo.example', true],
  ['demo-ssa', 'SUPERVISOR', 'csec-supervisor@ssa.demo.example', true],
  ['demo-da', 'VW_CONSULTANT', 'victim-witness@da.demo.example', true],
  ['demo-juvenile-counsel', 'DEFENDER', 'panel-attorney-1@counsel.demo.example', true],
  ['demo-juvenile-counsel', 'DEFENDER', 'panel-attorney-2@counsel.demo.example', false],
];

// assignee → the agency's own levels → the county's MDT coordinator (whom confidential steps never reach)
const chains: { agencyId: string; role: RepresentativeRole; levels: RepresentativeRole[] }[] = [
  { agencyId: 'demo-advocacy', role: 'ADVOCATE', levels: ['BACKUP', 'SUPERVISOR', 'DIRECTOR'] },
  { agencyId: 'demo-probation', role: 'DPO', levels: ['BACKUP', 'SUPERVISOR'] },
  // The supervisor approves warrant requests (missing youth); unapproved, it reaches the coordinator.
  { agencyId: 'demo-probation', role: 'SUPERVISOR', levels: [] },
  { agencyId: 'demo-sheriff', role: 'OFFICER', levels: ['SUPERVISOR'] },
  { agencyId: 'demo-city-pd', role: 'OFFICER', levels: [] },
  { agencyId: 'demo-health', role: 'CLINICIAN', levels: ['SUPERVISOR'] },
  { agencyId: 'demo-health', role: 'MENTAL_HEALTH_CLINICIAN', levels: ['SUPERVISOR'] },
  { agencyId: 'demo-da', role: 'HEAT_DDA', levels: ['SUPERVISOR'] },
  // The yearly MOU review (workflows/mou-review.ts): the coordinator's office, then the DA's chief deputy.
  { agencyId: 'demo-da', role: 'MDT_COORDINATOR', levels: ['SUPERVISOR'] },
  { agencyId: 'demo-ssa', role: 'SOCIAL_WORKER', levels: ['SUPERVISOR'] },
  { agencyId: 'demo-da', role: 'VW_CONSULTANT', levels: ['SUPERVISOR'] },
  { agencyId: 'demo-da', role: 'DDA', levels: ['SUPERVISOR'] },
  { agencyId: 'demo-juvenile-counsel', role: 'DEFENDER', levels: [] },
];

// Real holidays the demo county's business time skips; administrators add the rest (PUT /v1/admin/holidays/:date).
const holidays: [date: string, name: string][] = [
  ['2026-12-25', 'Christmas Day'],
  ['2027-01-01', "New Year's Day"],
  ['2027-01-18', 'Martin Luther King Jr. Day'],
];

/** Fixed so the README's examples work; printed by `npm start`. Demo only. */
export const DEMO_API_KEYS = {
  sheriff: { agencyId: 'demo-sheriff', admin: false, key: 'csec_demosheriff_DEMO-ONLY-sheriff-key-0001' },
  advocacy: { agencyId: 'demo-advocacy', admin: false, key: 'csec_demoadvocacy_DEMO-ONLY-advocacy-key-0001' },
  probation: { agencyId: 'demo-probation', admin: false, key: 'csec_demoprobation_DEMO-ONLY-probation-key-01' },
  da: { agencyId: 'demo-da', admin: false, key: 'csec_demoda_DEMO-ONLY-district-attorney-key-01' },
  health: { agencyId: 'demo-health', admin: false, key: 'csec_demohealth_DEMO-ONLY-health-services-key-1' },
  ssa: { agencyId: 'demo-ssa', admin: false, key: 'csec_demossa_DEMO-ONLY-social-services-key-01' },
  pd: { agencyId: 'demo-pd', admin: false, key: 'csec_demopd_DEMO-ONLY-public-defender-key-00001' },
  admin: { agencyId: 'demo-da', admin: true, key: 'csec_demoadmin_DEMO-ONLY-county-administrator-01' },
} as const;

/** A fictional youth the sheriff registered, so the README's walk-through has a reference to use. */
export const DEMO_YOUTH_REF = 'Y-DEM0000001-9';

export async function seedDemoYouth(db: Db, keys: RegistryKeys): Promise<void> {
  const details: IdentifyingDetails = { name: { given: 'Demo', family: 'Youth' }, estimatedAge: 15, aliases: [], recordedAt: '2026-01-01T00:00:00Z' };
  const sealed = seal(keys.identity, DEMO_YOUTH_REF, details);
  await db.youth.upsert({ where: { ref: DEMO_YOUTH_REF }, create: { ref: DEMO_YOUTH_REF, registeredBy: 'demo-sheriff', ...sealed }, update: {} });
}

export async function seedDemoCounty(db: Db): Promise<void> {
  for (const a of agencies) {
    const data = { name: a.name, type: a.type, county: a.county ?? DEMO_COUNTY, designated: a.designated ?? false, outOfCounty: Boolean(a.county) };
    await db.agency.upsert({ where: { id: a.id }, create: { id: a.id, ...data }, update: data });
  }
  for (const [agencyId, role, email, onCall] of representatives) {
    // Opaque: a representative's id travels in links and workflow history, their email never does.
    const id = `rep-${createHash('sha256').update(`${agencyId}:${email}`).digest('hex').slice(0, 12)}`;
    const data = { agencyId, role, email, onCall, displayName: email.split('@')[0], active: true };
    await db.representative.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
  // Rows of earlier seeds (ids that held the email) stop receiving mail.
  await db.representative.updateMany({ where: { agencyId: { in: agencies.map((a) => a.id) }, id: { contains: '@' } }, data: { active: false } });
  for (const { agencyId, role, levels: own } of chains) {
    const levels: [RepresentativeRole, string][] = [...own.map((r): [RepresentativeRole, string] => [r, agencyId]), ['MDT_COORDINATOR', 'demo-da']];
    for (const [i, [targetRole, targetAgencyId]] of levels.entries()) {
      const key = { agencyId, role, level: i + 1 };
      await db.escalationLevel.upsert({
        where: { agencyId_role_level: key },
        create: { ...key, targetAgencyId, targetRole },
        update: { targetAgencyId, targetRole },
      });
    }
  }
  for (const [label, { agencyId, admin, key }] of Object.entries(DEMO_API_KEYS)) {
    const { prefix, secret } = parseApiKey(key)!;
    const data = { agencyId, admin, label: `demo ${label} key`, secretHash: hashSecret(secret) };
    // A key an administrator revoked stays revoked.
    await db.apiKey.upsert({ where: { prefix }, create: { prefix, ...data }, update: data });
  }
  await db.county.upsert({ where: { id: DEMO_COUNTY }, create: { id: DEMO_COUNTY, ...DEFAULT_COUNTY_CALENDAR }, update: DEFAULT_COUNTY_CALENDAR });
  for (const [date, name] of holidays) {
    await db.holiday.upsert({
      where: { county_date: { county: DEMO_COUNTY, date } },
      create: { county: DEMO_COUNTY, date, name, createdBy: 'seed' },
      update: { name },
    });
  }
}

if (require.main === module) {
  void (async () => {
    const { openDb } = await import('../common/db');
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is required');
    const db = openDb(url);
    await seedDemoCounty(db);
    await db.$disconnect();
    console.log('Seeded the demo county directory.');
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
