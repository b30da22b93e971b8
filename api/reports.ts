// The county's compliance numbers (common/compliance.ts) for its MDT coordinator and its
// administrators: JSON, or CSV on `Accept: text/csv` (the same rows).
import { Router } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { COLUMNS, complianceReport, GROUPINGS, INTERVALS, MINIMUM_YOUTH, toCsv, type ComplianceRow } from '../common/compliance';
import { callerOf, type Caller } from './auth';
import type { ApiDeps } from './deps';
import { ApiError, forbidden } from './errors';
import { authErrors, error, security } from './openapi';
import { route } from './routes';
import { registry } from './schemas';
import { validate } from './validate';

const date = (description: string) => z.iso.date({ error: 'must be a real date YYYY-MM-DD' }).openapi({ description, example: '2026-11-02' });

export const ReportQuery = z
  .strictObject({
    from: date("The first local date (county's time zone) whose opened steps count."),
    to: date('The last local date counted (included); at most two years after from.'),
    groupBy: z.enum(GROUPINGS).default('step').openapi({ description: 'step: per agency, obligation and step kind; agency; obligation.' }),
    interval: z.enum(INTERVALS).default('week').openapi({ description: 'week: a row per local week (Monday first); all: the whole range.' }),
  })
  .superRefine(({ from, to }, ctx) => {
    if (to < from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (DateTime.fromISO(from, { zone: 'utc' }).plus({ years: 2 }) < DateTime.fromISO(to, { zone: 'utc' })) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range is at most two years' });
    }
  });

const count = z.number().int().nullable();
const seconds = z.number().int().nullable();
const rate = z.number().min(0).max(1).nullable();
const Row = registry.register(
  'ComplianceRow',
  z.object({
    week: z.string().nullable().openapi({ description: 'Local Monday of the week the steps opened; null for interval=all.' }),
    agencyId: z.string().nullable().openapi({ description: 'The agency that owed the steps (their first assignee).' }),
    obligation: z.string().nullable(),
    stepKind: z.string().nullable(),
    suppressed: z.boolean().openapi({ description: `True when the row's steps concern fewer than ${MINIMUM_YOUTH} youth: every number below is then null.` }),
    youth: count,
    owed: count.openapi({ description: 'Steps that opened.' }),
    onTime: count.openapi({ description: 'Completed with no deadline missed.' }),
    late: count.openapi({ description: 'A deadline passed (escalated, or closed by a coordinator); done or still open.' }),
    declined: count.openapi({ description: 'The youth declined the care (DECLINED_BY_YOUTH): not counted as late.' }),
    withdrawn: count.openapi({ description: 'No longer needed (e.g. released).' }),
    pending: count.openapi({ description: 'Still open and not yet overdue.' }),
    onTimeRate: rate.openapi({ description: 'onTime / (onTime + late): the same number as completedOnTimeRate, under its earlier name.' }),
    acknowledgedOnTimeRate: rate.openapi({
      description:
        'Acknowledged before the first escalation or reminder, over the steps acknowledged so or that escalated (or were closed by a coordinator) unacknowledged; declined and withdrawn steps are in neither.',
    }),
    completedOnTimeRate: rate.openapi({
      description:
        'onTime / (onTime + late): completed with no deadline missed, over those and the steps that missed one (done or open); declined and withdrawn excluded.',
    }),
    acknowledgeMedianSeconds: seconds.openapi({ description: 'Opening to first acknowledgment, over the acknowledged steps.' }),
    acknowledgeP90Seconds: seconds,
    completeMedianSeconds: seconds.openapi({ description: 'Opening to completion (declined included), over the completed steps.' }),
    completeP90Seconds: seconds,
    escalationsLevel1: count.openapi({
      description: "Escalations to level 1 (ESCALATED facts of the row's steps); reminders at the top of the chain are not counted.",
    }),
    escalationsLevel2: count.openapi({ description: 'Escalations to level 2.' }),
    escalationsLevel3Plus: count.openapi({ description: 'Escalations to level 3 or higher.' }),
    openOverdueNow: count.openapi({
      description:
        "The row's steps still open and overdue now: their latest escalation or reminder is later than any acknowledgment, deadline change, re-timing, reopening or closing.",
    }),
  }) satisfies z.ZodType<ComplianceRow>,
);
const Report = registry.register(
  'ComplianceReport',
  z.object({
    county: z.string(),
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(GROUPINGS),
    interval: z.enum(INTERVALS),
    minimumYouth: z.literal(MINIMUM_YOUTH),
    rows: z.array(Row),
  }),
);

registry.registerPath({
  method: 'get',
  path: '/v1/reports/compliance',
  summary: "The county's compliance numbers from the reporting facts (MDT coordinator and administrators)",
  description: `Steps that opened in the range, per group and week. Rows about fewer than ${MINIMUM_YOUTH} youth are suppressed. \`Accept: text/csv\` answers the same rows as CSV (columns: ${COLUMNS.join(', ')}; a suppressed number is an empty field).`,
  security,
  request: { query: ReportQuery },
  responses: {
    200: { description: 'The report', content: { 'application/json': { schema: Report }, 'text/csv': { schema: z.string() } } },
    400: error('VALIDATION_FAILED: a bad date, to before from, or a range over two years'),
    403: error("FORBIDDEN: the caller is neither the county's MDT coordinator nor an administrator"),
    406: error('NOT_ACCEPTABLE: neither JSON nor CSV is acceptable'),
    ...authErrors,
  },
});

function reportReader(caller: Caller): Caller {
  if (!caller.coordinator && !caller.admin) throw forbidden("Only the county's MDT coordinator and administrators read compliance reports");
  return caller;
}

export function reportRoutes({ db }: ApiDeps): Router {
  const router = Router();
  route(router, '/reports/compliance', {
    get: async (req, res) => {
      const { county } = reportReader(callerOf(res));
      const { query } = validate(req, { query: ReportQuery });
      const type = req.accepts(['application/json', 'text/csv']);
      if (!type) throw new ApiError(406, 'NOT_ACCEPTABLE', 'This report is JSON (application/json) or CSV (text/csv)');
      const rows = await complianceReport(db, { county, ...query });
      if (type === 'text/csv') {
        res.type('text/csv').attachment(`compliance-${query.from}-${query.to}.csv`).send(toCsv(rows));
        return;
      }
      res.json({ county, ...query, minimumYouth: MINIMUM_YOUTH, rows });
    },
  });
  return router;
}
