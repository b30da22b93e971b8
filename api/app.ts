// The HTTP API: thin routes over Temporal and the app database. Served by listen.ts (main.ts in
// production, tests on an ephemeral port).
import express, { type Express } from 'express';
import helmet from 'helmet';
import { adminHolidayRoutes } from './admin-holidays';
import { authenticate } from './auth';
import { codecRoutes } from './codec';
import type { ApiDeps } from './deps';
import { detentionRoutes } from './detentions';
import { encounterRoutes } from './encounters';
import { errorHandler, notFound } from './errors';
import { linkRoutes } from './links';
import { missingReportRoutes } from './missing-reports';
import { openApiDocument } from './openapi';
import { processRoutes } from './processes';
import { limitPerKey, limitRefusalsPerAddress } from './rate-limits';
import { auditRefusals } from './refusal-audit';
import { requestLog } from './request-log';
import { route, V1 } from './routes';
import { stepRoutes } from './steps';
import { timerPolicyRoutes } from './timer-policies';
import { youthRoutes } from './youth';
import { youthConsentRoutes } from './youth-consents';
import { youthMergeRoutes } from './youth-merge';

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.log), helmet(), limitRefusalsPerAddress(deps.rateLimits));
  // Before authenticate() (it checks the UI's own token) and before the small body limit.
  app.use('/codec', codecRoutes(deps.codec));
  app.use(express.json({ limit: '32kb' }));

  const openapi = openApiDocument();
  route(app, '/health', {
    get: (_req, res) => {
      res.json({ ok: true });
    },
  });
  route(app, '/openapi.json', {
    get: (_req, res) => {
      res.json(openapi);
    },
  });
  // Before authenticate(): for a link, the signed token is the credential.
  app.use(V1, linkRoutes(deps));
  app.use(
    V1,
    authenticate(deps.db, deps.demo),
    limitPerKey(deps.rateLimits),
    encounterRoutes(deps),
    detentionRoutes(deps),
    missingReportRoutes(deps),
    processRoutes(deps),
    youthRoutes(deps),
    youthMergeRoutes(deps),
    youthConsentRoutes(deps),
    stepRoutes(deps),
    adminHolidayRoutes(deps),
    timerPolicyRoutes(deps),
  );

  app.use(notFound);
  app.use(auditRefusals(deps), errorHandler);
  return app;
}
