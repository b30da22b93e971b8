// The county's directory, for its administrators: agencies, representatives (role, email,
// on-call, active), escalation chains and the designated agency of each type. Every change is
// audited (api/directory-changes.ts) and used by running steps from their next notification.
import { Router, type Response } from 'express';
import type { ZodType } from 'zod';
import { administrator, adminForbidden } from './admin';
import {
  AgencyChange,
  AgencyList,
  AgencyParams,
  AgencyView,
  ChainChange,
  ChainList,
  ChainParams,
  ChainView,
  DesignationChange,
  DesignationList,
  DesignationParams,
  DesignationView,
  NewAgency,
  NewRepresentative,
  RepresentativeChange,
  RepresentativeList,
  RepresentativeParams,
  RepresentativeView,
} from './admin-directory-schemas';
import { callerOf } from './auth';
import type { ApiDeps } from './deps';
import { directoryChanges, type Admin } from './directory-changes';
import { authErrors, error, json, security } from './openapi';
import { route } from './routes';
import { registry } from './schemas';
import { validate } from './validate';

const errors = { ...authErrors, ...adminForbidden };
const invalid = { 400: error('VALIDATION_FAILED, with the failing fields') };
const body = (schema: ZodType) => ({ required: true, content: { 'application/json': { schema } } });

function document(
  method: 'get' | 'post' | 'put',
  path: string,
  summary: string,
  o: { params?: ZodType; body?: ZodType; ok: ZodType; status?: 200 | 201; more?: object },
) {
  registry.registerPath({
    method,
    path: `/v1/admin${path}`,
    summary: `${summary} (administrators only)`,
    security,
    request: { ...(o.params && { params: o.params as never }), ...(o.body && { body: body(o.body) }) },
    responses: { [o.status ?? 200]: json(o.ok, 'The result'), ...(o.body || o.params ? invalid : {}), ...errors, ...o.more },
  });
}
const notFound = (codes: string) => ({ 404: error(codes) });
document('get', '/agencies', "The county's agencies", { ok: AgencyList });
document('post', '/agencies', 'Add an agency to the county', { body: NewAgency, ok: AgencyView, status: 201, more: { 409: error('AGENCY_EXISTS') } });
document('put', '/agencies/{agencyId}', 'Rename an agency', { params: AgencyParams, body: AgencyChange, ok: AgencyView, more: notFound('AGENCY_NOT_FOUND') });
document('get', '/representatives', "The county's representatives", { ok: RepresentativeList });
document('post', '/representatives', 'Add a representative', {
  body: NewRepresentative,
  ok: RepresentativeView,
  status: 201,
  more: notFound('AGENCY_NOT_FOUND'),
});
document('put', '/representatives/{representativeId}', "Change a representative's role, email, name, on-call flag or active flag (the fields given)", {
  params: RepresentativeParams,
  body: RepresentativeChange,
  ok: RepresentativeView,
  more: notFound('REPRESENTATIVE_NOT_FOUND'),
});
document('get', '/escalation-chains', "The county's escalation chains (levels after the assignee)", { ok: ChainList });
document('put', '/escalation-chains/{agencyId}/{role}', "Replace a role's escalation chain; running steps use it from their next escalation", {
  params: ChainParams,
  body: ChainChange,
  ok: ChainView,
  more: notFound("AGENCY_NOT_FOUND (the chain's agency or a level's)"),
});
document('get', '/designations', 'The designated agency of each type in the county (null where none is)', { ok: DesignationList });
document('put', '/designations/{agencyType}', 'Designate the agency of a type that owes its steps in the county', {
  params: DesignationParams,
  body: DesignationChange,
  ok: DesignationView,
  more: notFound('AGENCY_NOT_FOUND'),
});

const adminOf = (res: Response): Admin => {
  const { agencyId, county } = administrator(callerOf(res), 'manage the directory');
  return { agencyId, county };
};

export function adminDirectoryRoutes({ db }: ApiDeps): Router {
  const router = Router();
  const directory = directoryChanges(db);

  route(router, '/admin/agencies', {
    get: async (_req, res) => {
      res.json({ agencies: await directory.agencies(adminOf(res).county) });
    },
    post: async (req, res) => {
      const admin = adminOf(res);
      const { body } = validate(req, { body: NewAgency });
      res.status(201).json(await directory.createAgency(admin, body));
    },
  });
  route(router, '/admin/agencies/:agencyId', {
    put: async (req, res) => {
      const admin = adminOf(res);
      const { params, body } = validate(req, { params: AgencyParams, body: AgencyChange });
      res.json(await directory.renameAgency(admin, params.agencyId, body.name));
    },
  });

  route(router, '/admin/representatives', {
    get: async (_req, res) => {
      res.json({ representatives: await directory.representatives(adminOf(res).county) });
    },
    post: async (req, res) => {
      const admin = adminOf(res);
      const { body } = validate(req, { body: NewRepresentative });
      res.status(201).json(await directory.createRepresentative(admin, body));
    },
  });
  route(router, '/admin/representatives/:representativeId', {
    put: async (req, res) => {
      const admin = adminOf(res);
      const { params, body } = validate(req, { params: RepresentativeParams, body: RepresentativeChange });
      res.json(await directory.updateRepresentative(admin, params.representativeId, body));
    },
  });

  route(router, '/admin/escalation-chains', {
    get: async (_req, res) => {
      res.json({ chains: await directory.chains(adminOf(res).county) });
    },
  });
  route(router, '/admin/escalation-chains/:agencyId/:role', {
    put: async (req, res) => {
      const admin = adminOf(res);
      const { params, body } = validate(req, { params: ChainParams, body: ChainChange });
      res.json(await directory.setChain(admin, params.agencyId, params.role, body.levels));
    },
  });

  route(router, '/admin/designations', {
    get: async (_req, res) => {
      res.json({ designations: await directory.designations(adminOf(res).county) });
    },
  });
  route(router, '/admin/designations/:agencyType', {
    put: async (req, res) => {
      const admin = adminOf(res);
      const { params, body } = validate(req, { params: DesignationParams, body: DesignationChange });
      res.json(await directory.designate(admin, params.agencyType, body.agencyId));
    },
  });

  return router;
}
