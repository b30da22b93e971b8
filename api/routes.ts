// The methods a path answers, declared once: its handlers are registered, OPTIONS answers
// 204 with an Allow header, and any other method gets 405 with Allow (Express would say 404).
// Each declared path is remembered, so a refusal is audited by its pattern, never its raw URL.
import type { IRouter, Request, RequestHandler, Response } from 'express';
import { ApiError } from './errors';

type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteMatch {
  /** The declared pattern, under its mount, e.g. /v1/processes/:processId. */
  pattern: string;
  params: Record<string, unknown>;
}

/** Every declared path with its regex; an app built twice (tests) declares its paths again. */
const declared = new Map<string, RegExp>();

/** Where the versioned routers are mounted (app.ts); the others are at the root. */
export const V1 = '/v1';

const toRegex = (path: string) => new RegExp(`^(?<mount>${V1})?${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, '(?<$1>[^/]+)')}/?$`);

export function route(router: Pick<IRouter, 'route'>, path: string, handlers: Partial<Record<Method, RequestHandler>>): void {
  const methods = Object.keys(handlers) as Method[];
  const r = router.route(path);
  if (!declared.has(path)) declared.set(path, toRegex(path));
  r.all((req, res, next) => {
    res.locals.route = { pattern: req.baseUrl + path, params: { ...req.params } } satisfies RouteMatch;
    next();
  });
  for (const method of methods) r[method](handlers[method]!);
  // Express answers HEAD with the GET handler.
  const allow = [...methods.flatMap((m) => (m === 'get' ? ['GET', 'HEAD'] : [m.toUpperCase()])), 'OPTIONS'].join(', ');
  r.all((req, res) => {
    res.set('Allow', allow);
    if (req.method !== 'OPTIONS') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here; allowed: ${allow}`);
    res.status(204).end();
  });
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The declared route a request was for: the one it reached, else (refused before routing, e.g. without a key) the one its path fits. */
export function routeOf(req: Request, res: Response): RouteMatch | undefined {
  const reached = res.locals.route as RouteMatch | undefined;
  if (reached) return reached;
  for (const [path, regex] of declared) {
    const groups = regex.exec(req.path)?.groups;
    if (!groups) continue;
    const { mount, ...params } = groups;
    return { pattern: (mount ?? '') + path, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, decode(v)])) };
  }
  return undefined;
}
