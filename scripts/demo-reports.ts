// `npm run reports:demo`: made-up reporting facts for the demo county's last eight weeks, so that
// /reports has something to draw (a real week of a small county has too few youth per group to
// show). Only against the demo database (CSEC_DEMO=true); running it again replaces them.
import { DateTime } from 'luxon';
import { DEMO_COUNTY } from '../prisma/seed';
import { DEFAULT_COUNTY_CALENDAR } from '../common/clock-time';
import { loadConfig, required } from '../common/config';
import { openDb } from '../common/db';
import { newYouthRef } from '../common/youth-ref';
import { stepCatalog } from '../workflows/step-catalog';
import type { AgencyType } from '../workflows/types';

const PREFIX = 'demo-report:';
const WEEKS = 8;
const demoAgency: Record<AgencyType, string> = {
  LE: 'demo-sheriff',
  ADVOCACY: 'demo-advocacy',
  PROBATION: 'demo-probation',
  DA: 'demo-da',
  PD: 'demo-da',
  SSA: 'demo-ssa',
  HEALTH: 'demo-health',
};
const kinds = ['advocate-response', 'child-abuse-phone-report', 'probation-jjc-notice', 'intake-health-screening', 'verify-missing', 'ssa-missing-notice'];

async function main() {
  const config = loadConfig();
  if (!config.CSEC_DEMO) throw new Error('Made-up facts go only into the demo database: run with CSEC_DEMO=true (set -a; . .data/stack.env; set +a)');
  const db = openDb(required(config, 'DATABASE_URL'));
  const thisWeek = DateTime.now().setZone(DEFAULT_COUNTY_CALENDAR.timeZone).startOf('week');
  const youth = Array.from({ length: 80 }, () => newYouthRef());
  const facts = [];
  let n = 0;
  for (const { obligation, definition } of stepCatalog.filter((e) => kinds.includes(e.definition.kind))) {
    const a = definition.assignee;
    const agencyId = demoAgency[('otherwise' in a ? a.otherwise : a).agencyType];
    const ackWithin = definition.defaults.acknowledgeWithinSeconds * 1000;
    for (let week = WEEKS; week >= 1; week--) {
      // Agencies get better week by week, each from its own start.
      const lateShare = 0.1 + (kinds.indexOf(definition.kind) % 3) * 0.08 + week * 0.02;
      for (let i = 0; i < 12 + Math.floor(Math.random() * 8); i++) {
        const youthRef = youth[(week * 13 + i) % youth.length];
        const workflowId = `${obligation}/${youthRef}/${agencyId}/DEMO${++n}`;
        // A weekday of that local week, office hours: every group of a kind stays in its week.
        const opened = thisWeek
          .minus({ weeks: week })
          .plus({ days: Math.floor(Math.random() * 5), hours: 9 + Math.random() * 8 })
          .toMillis();
        const late = Math.random() < lateShare;
        const acked = opened + ackWithin * (late ? 1.2 + Math.random() * 2 : 0.05 + Math.random() * 0.8);
        const declined = (definition.outcomes ?? []).includes('DECLINED_BY_YOUTH') && Math.random() < 0.1;
        const events: [string, number, string?][] = [
          ['OPENED', opened],
          ...(late ? [['ESCALATED', opened + ackWithin] as [string, number]] : []),
          ['ACKNOWLEDGED', acked],
          ['COMPLETED', acked, declined ? 'DECLINED_BY_YOUTH' : undefined],
        ];
        const base = { workflowId, obligation, county: DEMO_COUNTY, stepId: definition.kind, stepKind: definition.kind, youthRef, agencyId };
        facts.push(
          ...events.map(([event, at, outcome], seq) => ({
            ...base,
            key: `${PREFIX}${workflowId}:${seq}`,
            event,
            at: new Date(at),
            level: 0,
            outcome: outcome ?? null,
          })),
        );
      }
    }
  }
  await db.$transaction([db.stepFact.deleteMany({ where: { key: { startsWith: PREFIX } } }), db.stepFact.createMany({ data: facts })]);
  await db.$disconnect();
  console.log(
    `${facts.length} made-up facts for ${DEMO_COUNTY}, the last ${WEEKS} weeks. Open http://localhost:${config.API_PORT}/reports with the admin key.`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
