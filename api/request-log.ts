// One structured log line per request (pino-http): method, URL without link token or query,
// the declared route, the calling agency, status and time. No headers, no bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { pinoHttp } from 'pino-http';
import { loggableUrl, type Logger } from '../common/log';
import type { Caller } from './auth';
import { routeOf } from './routes';

export const requestLog = (log: Logger) =>
  pinoHttp({
    logger: log,
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggableUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // Called at the start too, where nothing is known yet: only the finished request's line carries these.
    customProps: (req: IncomingMessage, res: ServerResponse) => {
      if (!res.headersSent) return {};
      const locals = (res as Response).locals as { caller?: Caller } | undefined;
      return { route: locals ? routeOf(req as Request, res as Response)?.pattern : undefined, caller: locals?.caller?.agencyId };
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  });
