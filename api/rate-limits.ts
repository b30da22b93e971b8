// Per-key rate limits (express-rate-limit): every request counts against its API key once
// authenticated; refused requests also count against the client's address, so probing without
// a key or with bad links is slowed too. Over the limit: 429 RATE_LIMITED with Retry-After.
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type AugmentedRequest, type Options } from 'express-rate-limit';
import { callerOf } from './auth';
import type { RateLimits } from './deps';
import { ApiError } from './errors';
import { skipRefusalAudit } from './refusal-audit';

const overLimit: Options['handler'] = (req, res, next, options) => {
  const info = (req as AugmentedRequest)[options.requestPropertyName];
  // Audited once per window and client: a row per refused request would be the flood itself.
  if (info.used !== info.limit + 1) skipRefusalAudit(res);
  next(new ApiError(429, 'RATE_LIMITED', `Too many requests; retry after ${res.get('Retry-After') ?? 'a while'} s`));
};

function limiter(name: string, limit: number, windowSeconds: number, options: Partial<Options>): RequestHandler {
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    requestPropertyName: name,
    handler: overLimit,
    ...options,
  });
}

/** Before anything else: refused requests per client address. */
export const limitRefusalsPerAddress = ({ perIp, windowSeconds }: RateLimits) =>
  limiter('rateLimitByAddress', perIp, windowSeconds, { keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''), skipSuccessfulRequests: true });

/** After authenticate(): every request per API key. */
export const limitPerKey = ({ perKey, windowSeconds }: RateLimits) =>
  limiter('rateLimitByKey', perKey, windowSeconds, { keyGenerator: (_req, res) => callerOf(res).keyPrefix });
