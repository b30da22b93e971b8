// The county's holiday list, which business time and "holidays excluded" time skip
// (common/clock-time.ts). Administrators only, and only for their own county.
import { Router } from 'express';
import { z } from 'zod';
import type { Holiday } from '../prisma/generated/client';
import { audit } from './audit';
import { administrator } from './admin';
import { callerOf } from './auth';
import type { ApiDeps } from './deps';
import { ApiError } from './errors';
import { authErrors, error, json, security } from './openapi';
import { route } from './routes';
import { registry } from './schemas';
import { validate } from './validate';

const HolidayParams = z.object({
  date: z.iso.date({ error: 'must be a real date YYYY-MM-DD' }).openapi({ description: "A local date in the county's time zone.", example: '2026-12-25' }),
});

const HolidayChange = registry.register('HolidayChange', z.strictObject({ name: z.string().trim().min(1).max(100).openapi({ example: 'Christmas Day' }) }));

/** A holiday as the API shows it: the row without its county (always the caller's). */
type HolidayView = Omit<Holiday, 'county' | 'createdAt'> & { createdAt: string };

const HolidayView = registry.register(
  'Holiday',
  z.object({
    date: z.string().openapi({ example: '2026-12-25' }),
    name: z.string(),
    createdBy: z.string().openapi({ description: "The administrator's agency that added it.", example: 'demo-da' }),
    createdAt: z.string(),
  }) satisfies z.ZodType<HolidayView>,
);
const HolidayList = registry.register('HolidayList', z.object({ holidays: z.array(HolidayView) }));

const view = ({ date, name, createdBy, createdAt }: Holiday): HolidayView => ({ date, name, createdBy, createdAt: createdAt.toISOString() });

const path = '/v1/admin/holidays/{date}';
const adminErrors = { ...authErrors, 403: error('FORBIDDEN: the caller is not an administrator') };
registry.registerPath({
  method: 'get',
  path: '/v1/admin/holidays',
  summary: "The county's holidays, by date (administrators only)",
  security,
  responses: { 200: json(HolidayList, 'The holidays'), ...adminErrors },
});
registry.registerPath({
  method: 'put',
  path,
  summary: 'Make a date a holiday, or rename it (administrators only; idempotent)',
  description: 'Deadlines already running keep the instant they were given; the list applies to deadlines computed from now on.',
  security,
  request: { params: HolidayParams, body: { required: true, content: { 'application/json': { schema: HolidayChange } } } },
  responses: { 200: json(HolidayView, 'The holiday'), 400: error('VALIDATION_FAILED'), ...adminErrors },
});
registry.registerPath({
  method: 'delete',
  path,
  summary: 'Remove a holiday (administrators only)',
  security,
  request: { params: HolidayParams },
  responses: { 204: { description: 'Removed' }, 400: error('VALIDATION_FAILED'), ...adminErrors, 404: error('HOLIDAY_NOT_FOUND') },
});

export function adminHolidayRoutes({ db }: ApiDeps): Router {
  const router = Router();

  route(router, '/admin/holidays', {
    get: async (_req, res) => {
      const { county } = administrator(callerOf(res), 'manage holidays');
      const rows = await db.holiday.findMany({ where: { county }, orderBy: { date: 'asc' } });
      res.json({ holidays: rows.map(view) });
    },
  });

  route(router, '/admin/holidays/:date', {
    put: async (req, res) => {
      const { agencyId, county } = administrator(callerOf(res), 'manage holidays');
      const { params, body } = validate(req, { params: HolidayParams, body: HolidayChange });
      const row = await db.holiday.upsert({
        where: { county_date: { county, date: params.date } },
        create: { county, date: params.date, name: body.name, createdBy: agencyId },
        update: { name: body.name },
      });
      // The date only: a holiday's name may name a person.
      await audit(db, { actor: agencyId, action: 'api.holiday.put', detail: { county, date: params.date } });
      res.json(view(row));
    },
    delete: async (req, res) => {
      const { agencyId, county } = administrator(callerOf(res), 'manage holidays');
      const { params } = validate(req, { params: HolidayParams });
      const { count } = await db.holiday.deleteMany({ where: { county, date: params.date } });
      if (count === 0) throw new ApiError(404, 'HOLIDAY_NOT_FOUND', `No holiday on ${params.date}`);
      await audit(db, { actor: agencyId, action: 'api.holiday.delete', detail: { county, date: params.date } });
      res.status(204).end();
    },
  });

  return router;
}
