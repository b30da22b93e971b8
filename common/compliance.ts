// The county's compliance numbers (MOU, General: "compilation of agency data"), read from the
// reporting facts (StepFact) alone, never from Temporal. A step counts in the week it opened (a
// local week of the county, Monday first) for the agency that owed it (its level-0 assignee) and
// falls in exactly one result: declined (the youth declined the care, late or not), withdrawn (no
// longer needed), late (a deadline passed: it escalated, or a coordinator closed it), on time
// (completed with no deadline missed), or pending (still open, not yet overdue).
//
// Beside that result, per step (all from its facts, whatever their date):
// - acknowledgment: on time when its first ACKNOWLEDGED fact comes before its first ESCALATED or
//   REMINDER fact (or it never had one); late when an ESCALATED or REMINDER fact came first (acknowledged
//   since or not) or a coordinator closed it unacknowledged; otherwise undecided (still awaiting,
//   not yet overdue). Declined and withdrawn steps are in neither, so never late.
// - completion: on time / late exactly as the result above (completed with no ESCALATED, REMINDER or
//   CLOSED_BY_COORDINATOR fact / any of those, completed or still open); declined and withdrawn in neither.
// - times: opening to its first ACKNOWLEDGED, and to its first COMPLETED (declined included); a step
//   without that fact adds no time.
// - escalations: its ESCALATED facts, by the level they raised it to (1, 2, 3 and up; an escalation
//   is never recorded below level 1). REMINDER facts (repeated notices at the top of the chain) are
//   not escalations.
// - overdue now: its latest ESCALATED or REMINDER fact is later than every fact that ends or resets
//   its overdue state (ACKNOWLEDGED, DEADLINE_CHANGED, RETIMED, RESCHEDULED, REOPENED, COMPLETED,
//   WITHDRAWN, CLOSED_BY_COORDINATOR): still open, and past a deadline now.
import { Prisma } from '../prisma/generated/client';
import { DEFAULT_COUNTY_CALENDAR } from './clock-time';
import type { Db } from './db';

/** A row counting fewer youth than this shows no numbers (`suppressed: true`, every count null). */
export const MINIMUM_YOUTH = 11;

export const GROUPINGS = ['step', 'agency', 'obligation'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const INTERVALS = ['week', 'all'] as const;
export type Interval = (typeof INTERVALS)[number];

export interface ComplianceQuery {
  county: string;
  /** Local dates (YYYY-MM-DD) in the county's time zone, both included. */
  from: string;
  to: string;
  groupBy: Grouping;
  interval: Interval;
}

export interface ComplianceCounts {
  /** Distinct youth the row's steps concern. */
  youth: number;
  owed: number;
  onTime: number;
  late: number;
  declined: number;
  withdrawn: number;
  pending: number;
  /** onTime / (onTime + late); null when neither. The same number as completedOnTimeRate (kept for the /reports page). */
  onTimeRate: number | null;
  /** Acknowledged before the first escalation or reminder / steps whose acknowledgment is on time or late (declined and withdrawn excluded); null when none. */
  acknowledgedOnTimeRate: number | null;
  /** Completed with no deadline missed / (that + steps that missed a deadline, completed or open): onTime / (onTime + late); null when neither. */
  completedOnTimeRate: number | null;
  /** Opening to first acknowledgment, over the acknowledged steps. */
  acknowledgeMedianSeconds: number | null;
  acknowledgeP90Seconds: number | null;
  /** Opening to completion (declined included), over the completed steps. */
  completeMedianSeconds: number | null;
  completeP90Seconds: number | null;
  /** ESCALATED facts of the row's steps by the level they raised the step to. */
  escalationsLevel1: number | null;
  escalationsLevel2: number | null;
  escalationsLevel3Plus: number | null;
  /** The row's steps that are still open and overdue now (their latest fact shows an escalation or reminder). */
  openOverdueNow: number | null;
}

export type ComplianceRow = {
  /** The local Monday (YYYY-MM-DD) of the week the steps opened; null for interval=all. */
  week: string | null;
  /** The dimensions the grouping does not use are null. */
  agencyId: string | null;
  obligation: string | null;
  stepKind: string | null;
  suppressed: boolean;
} & { [K in keyof ComplianceCounts]: ComplianceCounts[K] | null };

/** The columns of a row, in the order the CSV shows them. */
export const COLUMNS = [
  'week',
  'agencyId',
  'obligation',
  'stepKind',
  'suppressed',
  'youth',
  'owed',
  'onTime',
  'late',
  'declined',
  'withdrawn',
  'pending',
  'onTimeRate',
  'acknowledgedOnTimeRate',
  'completedOnTimeRate',
  'acknowledgeMedianSeconds',
  'acknowledgeP90Seconds',
  'completeMedianSeconds',
  'completeP90Seconds',
  'escalationsLevel1',
  'escalationsLevel2',
  'escalationsLevel3Plus',
  'openOverdueNow',
] as const satisfies readonly (keyof ComplianceRow)[];

type Dimension = 'agency_id' | 'obligation' | 'step_kind';
const dimensions: Record<Grouping, Dimension[]> = {
  step: ['agency_id', 'obligation', 'step_kind'],
  agency: ['agency_id'],
  obligation: ['obligation'],
};

interface RawRow {
  week: string | null;
  agency_id: string | null;
  obligation: string | null;
  step_kind: string | null;
  youth: number;
  owed: number;
  on_time: number;
  late: number;
  declined: number;
  withdrawn: number;
  pending: number;
  ack_on_time: number;
  ack_late: number;
  ack_median: number | null;
  ack_p90: number | null;
  complete_median: number | null;
  complete_p90: number | null;
  escalations_1: number;
  escalations_2: number;
  escalations_3: number;
  overdue_now: number;
}

function rowOf(r: RawRow): ComplianceRow {
  const dims = { week: r.week, agencyId: r.agency_id, obligation: r.obligation, stepKind: r.step_kind };
  if (r.youth < MINIMUM_YOUTH) {
    const hidden = Object.fromEntries(COLUMNS.slice(5).map((c) => [c, null])) as Record<keyof ComplianceCounts, null>;
    return { ...dims, suppressed: true, ...hidden };
  }
  const seconds = (v: number | null) => (v === null ? null : Math.round(v));
  const rate = (yes: number, no: number) => (yes + no ? Math.round((yes / (yes + no)) * 1000) / 1000 : null);
  const onTimeRate = rate(r.on_time, r.late);
  return {
    ...dims,
    suppressed: false,
    youth: r.youth,
    owed: r.owed,
    onTime: r.on_time,
    late: r.late,
    declined: r.declined,
    withdrawn: r.withdrawn,
    pending: r.pending,
    onTimeRate,
    acknowledgedOnTimeRate: rate(r.ack_on_time, r.ack_late),
    completedOnTimeRate: onTimeRate,
    acknowledgeMedianSeconds: seconds(r.ack_median),
    acknowledgeP90Seconds: seconds(r.ack_p90),
    completeMedianSeconds: seconds(r.complete_median),
    completeP90Seconds: seconds(r.complete_p90),
    escalationsLevel1: r.escalations_1,
    escalationsLevel2: r.escalations_2,
    escalationsLevel3Plus: r.escalations_3,
    openOverdueNow: r.overdue_now,
  };
}

/** One query: the steps opened in the range, each with its result, counted per group. */
export async function complianceReport(db: Db, q: ComplianceQuery): Promise<ComplianceRow[]> {
  const used = dimensions[q.groupBy];
  const dim = (name: Dimension) => (used.includes(name) ? Prisma.raw(`s.${name}`) : Prisma.sql`NULL::text`);
  const week = q.interval === 'week' ? Prisma.sql`to_char(s.week, 'YYYY-MM-DD')` : Prisma.sql`NULL::text`;
  const groupKeys = Prisma.join([...(q.interval === 'week' ? ['s.week'] : []), ...used.map((d) => `s.${d}`)].map((k) => Prisma.raw(k)));
  const rows = await db.$queryRaw<RawRow[]>`
    WITH zone AS (
      SELECT COALESCE((SELECT "timeZone" FROM "County" WHERE id = ${q.county}), ${DEFAULT_COUNTY_CALENDAR.timeZone}) AS name
    ), opened AS (
      SELECT f."workflowId", f."stepId", f."stepKind" AS step_kind, f.obligation, f."agencyId" AS agency_id, f."youthRef" AS youth_ref,
             f.at, date_trunc('week', (f.at AT TIME ZONE 'UTC') AT TIME ZONE zone.name)::date AS week
      FROM "StepFact" f, zone
      WHERE f.county = ${q.county} AND f.event = 'OPENED'
        AND f.at >= (${q.from}::date::timestamp AT TIME ZONE zone.name) AT TIME ZONE 'UTC'
        AND f.at < ((${q.to}::date + 1)::timestamp AT TIME ZONE zone.name) AT TIME ZONE 'UTC'
    ), s AS (
      SELECT o.step_kind, o.obligation, o.agency_id, o.youth_ref, o.week,
             EXTRACT(EPOCH FROM min(f.at) FILTER (WHERE f.event = 'ACKNOWLEDGED') - o.at)::float8 AS ack_seconds,
             EXTRACT(EPOCH FROM min(f.at) FILTER (WHERE f.event = 'COMPLETED') - o.at)::float8 AS complete_seconds,
             min(f.at) FILTER (WHERE f.event = 'ACKNOWLEDGED') AS first_ack,
             min(f.at) FILTER (WHERE f.event IN ('ESCALATED', 'REMINDER')) AS first_overdue,
             bool_or(f.event = 'CLOSED_BY_COORDINATOR') AS closed_by_coordinator,
             count(*) FILTER (WHERE f.event = 'ESCALATED' AND f.level <= 1)::int AS escalations_1,
             count(*) FILTER (WHERE f.event = 'ESCALATED' AND f.level = 2)::int AS escalations_2,
             count(*) FILTER (WHERE f.event = 'ESCALATED' AND f.level >= 3)::int AS escalations_3,
             COALESCE(max(f.at) FILTER (WHERE f.event IN ('ESCALATED', 'REMINDER'))
                        > COALESCE(max(f.at) FILTER (WHERE f.event IN ('ACKNOWLEDGED', 'DEADLINE_CHANGED', 'RETIMED', 'RESCHEDULED', 'REOPENED',
                                                                       'COMPLETED', 'WITHDRAWN', 'CLOSED_BY_COORDINATOR')), '-infinity'),
                      false) AS overdue_now,
             CASE
               WHEN bool_or(f.event = 'COMPLETED' AND f.outcome = 'DECLINED_BY_YOUTH') THEN 'declined'
               WHEN bool_or(f.event = 'WITHDRAWN') THEN 'withdrawn'
               WHEN bool_or(f.event IN ('ESCALATED', 'REMINDER', 'CLOSED_BY_COORDINATOR')) THEN 'late'
               WHEN bool_or(f.event = 'COMPLETED') THEN 'on_time'
               ELSE 'pending'
             END AS result
      FROM opened o JOIN "StepFact" f ON f."workflowId" = o."workflowId" AND f."stepId" = o."stepId"
      GROUP BY o."workflowId", o."stepId", o.step_kind, o.obligation, o.agency_id, o.youth_ref, o.at, o.week
    ), t AS (
      SELECT s.*,
             CASE
               WHEN s.result IN ('declined', 'withdrawn') THEN NULL
               WHEN s.first_ack IS NOT NULL AND (s.first_overdue IS NULL OR s.first_ack < s.first_overdue) THEN 'on_time'
               WHEN s.first_overdue IS NOT NULL OR s.closed_by_coordinator THEN 'late'
             END AS ack_result
      FROM s
    )
    SELECT ${week} AS week, ${dim('agency_id')} AS agency_id, ${dim('obligation')} AS obligation, ${dim('step_kind')} AS step_kind,
           count(DISTINCT s.youth_ref)::int AS youth,
           count(*)::int AS owed,
           count(*) FILTER (WHERE s.result = 'on_time')::int AS on_time,
           count(*) FILTER (WHERE s.result = 'late')::int AS late,
           count(*) FILTER (WHERE s.result = 'declined')::int AS declined,
           count(*) FILTER (WHERE s.result = 'withdrawn')::int AS withdrawn,
           count(*) FILTER (WHERE s.result = 'pending')::int AS pending,
           count(*) FILTER (WHERE s.ack_result = 'on_time')::int AS ack_on_time,
           count(*) FILTER (WHERE s.ack_result = 'late')::int AS ack_late,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY s.ack_seconds) AS ack_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY s.ack_seconds) AS ack_p90,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY s.complete_seconds) AS complete_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY s.complete_seconds) AS complete_p90,
           COALESCE(sum(s.escalations_1), 0)::int AS escalations_1,
           COALESCE(sum(s.escalations_2), 0)::int AS escalations_2,
           COALESCE(sum(s.escalations_3), 0)::int AS escalations_3,
           count(*) FILTER (WHERE s.overdue_now)::int AS overdue_now
    FROM t s
    GROUP BY ${groupKeys}
    ORDER BY ${groupKeys}`;
  return rows.map(rowOf);
}

const csvField = (v: string | number | boolean | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** RFC 4180: a header of the JSON field names, then the same rows (a suppressed count is an empty field). */
export const toCsv = (rows: ComplianceRow[]) => [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvField(r[c])).join(','))].join('\r\n') + '\r\n';
