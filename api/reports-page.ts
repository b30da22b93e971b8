// The /reports page (api/public/): the compliance report as charts, drawn in the browser by
// Chart.js, served from node_modules (no CDN, no build step). The page holds no data: it asks
// for a coordinator's or administrator's key and reads /v1/reports/compliance with it.
import { dirname, join } from 'node:path';
import { Router } from 'express';
import { html } from './openapi';
import { route } from './routes';
import { registry } from './schemas';

const files: Record<string, string> = {
  '/reports': join(__dirname, 'public', 'reports.html'),
  '/reports/reports.js': join(__dirname, 'public', 'reports.js'),
  '/reports/reports.css': join(__dirname, 'public', 'reports.css'),
  '/reports/chart.umd.min.js': join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};

registry.registerPath({
  method: 'get',
  path: '/reports',
  summary: 'The compliance report as charts (a page; it asks for a coordinator’s or administrator’s key and sends it in a header)',
  responses: { 200: html('The page') },
});

export function reportsPageRoutes(): Router {
  const router = Router();
  for (const [path, file] of Object.entries(files)) {
    route(router, path, {
      get: (_req, res) => {
        res.sendFile(file);
      },
    });
  }
  return router;
}
