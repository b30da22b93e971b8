// The methods a path answers, declared once: its handlers are registered, OPTIONS answers
// 204 with an Allow header, and any other method gets 405 with Allow (Express would say 404).
import type { IRouter, RequestHandler } from 'express';
import { ApiError } from './errors';

type Method = 'get' | 'post' | 'put' | 'delete';

export function route(router: Pick<IRouter, 'route'>, path: string, handlers: Partial<Record<Method, RequestHandler>>): void {
  const methods = Object.keys(handlers) as Method[];
  const r = router.route(path);
  for (const method of methods) r[method](handlers[method]!);
  // Express answers HEAD with the GET handler.
  const allow = [...methods.flatMap((m) => (m === 'get' ? ['GET', 'HEAD'] : [m.toUpperCase()])), 'OPTIONS'].join(', ');
  r.all((req, res) => {
    res.set('Allow', allow);
    if (req.method !== 'OPTIONS') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here; allowed: ${allow}`);
    res.status(204).end();
  });
}
