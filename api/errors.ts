// The API's one error shape: { error: { code, message, fields?, processId?, rolloutId? } }. Clients branch
// on `code`; nothing else about an error (stack, cause, SQL) ever leaves the process.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { fields?: FieldError[]; processId?: string; rolloutId?: string } = {},
  ) {
    super(message);
  }
}

export const forbidden = (message: string) => new ApiError(403, 'FORBIDDEN', message);

/** One field per problem; unknown keys are reported at their own path so clients can point at them. */
export function issuesToFields(prefix: string, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: `${path}.${key}`, message: 'Unknown field' }));
    return [{ path, message: issue.message }];
  });
}

export const notFound: RequestHandler = () => {
  throw new ApiError(404, 'NOT_FOUND', 'No such route');
};

// body-parser and the router (for a bad %-escape) flag a bad request with a 4xx status.
const requestErrors: Record<string, [code: string, message: string]> = {
  'entity.parse.failed': ['INVALID_JSON', 'Request body is not valid JSON'],
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'Request body is too large'],
};

/** The ApiError a thrown value stands for, if it is one the API answers as such (a 4xx or its own). */
export function knownError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  const e = err as { status?: unknown; type?: unknown };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    const [code, message] = requestErrors[String(e.type)] ?? ['BAD_REQUEST', 'Bad request'];
    return new ApiError(e.status, code, message);
  }
  return undefined;
}

/** The reply body for an error; the HTTP server's own parser errors (listen.ts) use it too. */
export const errorBody = (e: ApiError) => ({ error: { code: e.code, message: e.message, ...e.extra } });

/** Any thrown value as an ApiError; an unexpected one becomes a bare 500, its cause left for the request log. */
export function asApiError(err: unknown, res: Response): ApiError {
  const known = knownError(err);
  if (known) return known;
  // pino-http logs res.err with the request line (never the body, which may hold case details).
  res.err = err instanceof Error ? err : new Error(String(err));
  return new ApiError(500, 'INTERNAL', 'Internal error');
}

export const errorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  const e = asApiError(err, res);
  res.status(e.status).json(errorBody(e));
};
