// The API's /metrics (Prometheus text, prom-client): requests counted and timed by method,
// declared route pattern and status. Never the raw path: process ids hold youth references.
import type { RequestHandler, Router } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import { route, routeOf } from './routes';
import { registry as openApi } from './schemas';

openApi.registerPath({
  method: 'get',
  path: '/metrics',
  summary: 'Prometheus metrics: requests by method, route pattern and status, and the process (no key; keep it off the public network)',
  responses: { 200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: z.string() } } } },
});

export interface ApiMetrics {
  /** Counts and times every request; mount it first. */
  measure: RequestHandler;
  /** Declares GET /metrics on the router. */
  routes(router: Pick<Router, 'route'>): void;
}

export function apiMetrics(): ApiMetrics {
  const registers = [new Registry()];
  const [registry] = registers;
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'csec_api_requests_total', help: 'API requests answered', labelNames, registers });
  const latency = new Histogram({ name: 'csec_api_request_duration_seconds', help: 'Time to answer an API request', labelNames, registers });

  return {
    measure: (req, res, next) => {
      const stop = latency.startTimer();
      res.once('finish', () => {
        const labels = { method: req.method, route: routeOf(req, res)?.pattern ?? 'unmatched', status: String(res.statusCode) };
        requests.inc(labels);
        stop(labels);
      });
      next();
    },
    routes: (router) =>
      route(router, '/metrics', {
        get: async (_req, res) => {
          res.type(registry.contentType).send(await registry.metrics());
        },
      }),
  };
}
