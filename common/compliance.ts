// The county's compliance numbers (MOU, General: "compilation of agency data"), read from the
// reporting facts (StepFact) alone, never from Temporal. A step counts in the week it opened (a
// local week of the county, Monday first) for the agency that owed it (its level-0 assignee) and
// falls in exactly one result: declined (the youth declined the care, late or not), withdrawn (no
// longer needed), late (a deadline passed: it escalated, or a coordinator closed it), on time
// (completed with no deadline missed), or pending (still open, not yet overdue).
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
  /** onTime / (onTime + late); null when neither. */
  onTimeRate: number | null;
  acknowledgeMedianSeconds: number | null;
  acknowledgeP90Seconds: number | null;
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
  'acknowledgeMedianSeconds',
  'acknowledgeP90Seconds',
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
  ack_median: number | null;
  ack_p90: number | null;
}

function rowOf(r: RawRow): ComplianceRow {
  const dims = { week: r.week, agencyId: r.agency_id, obligation: r.obligation, stepKind: r.step_kind };
  if (r.youth < MINIMUM_YOUTH) {
    const hidden = Object.fromEntries(COLUMNS.slice(5).map((c) => [c, null])) as Record<keyof ComplianceCounts, null>;
    return { ...dims, suppressed: true, ...hidden };
  }
  const decided = r.on_time + r.late;
  const seconds = (v: number | null) => (v === null ? null : Math.round(v));
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
    onTimeRate: decided ? Math.round((r.on_time / decided) * 1000) / 1000 : null,
    acknowledgeMedianSeconds: seconds(r.ack_median),
    acknowledgeP90Seconds: seconds(r.ack_p90),
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
             CASE
               WHEN bool_or(f.event = 'COMPLETED' AND f.outcome = 'DECLINED_BY_YOUTH') THEN 'declined'
               WHEN bool_or(f.event = 'WITHDRAWN') THEN 'withdrawn'
               WHEN bool_or(f.event IN ('ESCALATED', 'REMINDER', 'CLOSED_BY_COORDINATOR')) THEN 'late'
               WHEN bool_or(f.event = 'COMPLETED') THEN 'on_time'
               ELSE 'pending'
             END AS result
      FROM opened o JOIN "StepFact" f ON f."workflowId" = o."workflowId" AND f."stepId" = o."stepId"
      GROUP BY o."workflowId", o."stepId", o.step_kind, o.obligation, o.agency_id, o.youth_ref, o.at, o.week
    )
    SELECT ${week} AS week, ${dim('agency_id')} AS agency_id, ${dim('obligation')} AS obligation, ${dim('step_kind')} AS step_kind,
           count(DISTINCT s.youth_ref)::int AS youth,
           count(*)::int AS owed,
           count(*) FILTER (WHERE s.result = 'on_time')::int AS on_time,
           count(*) FILTER (WHERE s.result = 'late')::int AS late,
           count(*) FILTER (WHERE s.result = 'declined')::int AS declined,
           count(*) FILTER (WHERE s.result = 'withdrawn')::int AS withdrawn,
           count(*) FILTER (WHERE s.result = 'pending')::int AS pending,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY s.ack_seconds) AS ack_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY s.ack_seconds) AS ack_p90
    FROM s
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
