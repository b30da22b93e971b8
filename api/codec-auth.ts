// Who may use the codec endpoint. In production: an MDT coordinator signed in to the Temporal UI,
// proven by the UI's OIDC access token (issuer, audience, expiry, signature by the issuer's JWKS
// keys, and the coordinator claim). The embedded demo may run it open (CODEC_AUTH=none, loopback
// only, enforced by config). Anything else refuses: no configuration means no decoding.
import type { RequestHandler } from 'express';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../common/config';
import { ApiError, forbidden } from './errors';

export type CodecAuth =
  { mode: 'none' } | { mode: 'unconfigured' } | { mode: 'oidc'; issuer: string; audience: string; jwksUrl: string; claim: string; value: string };

export function codecAuthOf(config: Config): CodecAuth {
  if (config.CODEC_AUTH === 'none') return { mode: 'none' };
  if (config.CODEC_AUTH !== 'oidc') return { mode: 'unconfigured' };
  const issuer = config.CODEC_OIDC_ISSUER!;
  return {
    mode: 'oidc',
    issuer,
    audience: config.CODEC_OIDC_AUDIENCE!,
    jwksUrl: config.CODEC_OIDC_JWKS_URL ?? `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
    claim: config.CODEC_COORDINATOR_CLAIM,
    value: config.CODEC_COORDINATOR_VALUE,
  };
}

const unauthenticated = (why: string) => new ApiError(401, 'UNAUTHENTICATED', `A coordinator's access token is required (Authorization: Bearer <jwt>): ${why}`);

/** A claim by dotted path (e.g. `realm_access.roles`); it holds the value, or a list with it. */
function hasClaim(payload: JWTPayload, path: string, value: string): boolean {
  const claim = path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), payload);
  return Array.isArray(claim) ? claim.includes(value) : claim === value;
}

export function codecAuthentication(auth: CodecAuth): RequestHandler {
  if (auth.mode === 'none') return (_req, _res, next) => next();
  if (auth.mode === 'unconfigured') {
    return () => {
      throw new ApiError(503, 'CODEC_NOT_CONFIGURED', 'The codec endpoint is off: set CODEC_AUTH=oidc with CODEC_OIDC_ISSUER and CODEC_OIDC_AUDIENCE');
    };
  }
  const keys = createRemoteJWKSet(new URL(auth.jwksUrl));
  return async (req, _res, next) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token) throw unauthenticated('none was sent');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer: auth.issuer, audience: auth.audience, requiredClaims: ['exp'] }));
    } catch (err) {
      if (err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) {
        console.error('Codec endpoint: the OIDC issuer keys could not be fetched:', err instanceof Error ? err.message : err);
        throw new ApiError(503, 'CODEC_AUTH_UNAVAILABLE', "The identity provider's keys could not be fetched; try again");
      }
      throw unauthenticated(err instanceof errors.JWTExpired ? 'it has expired' : 'it is not valid here');
    }
    if (!hasClaim(payload, auth.claim, auth.value)) throw forbidden('Only MDT coordinators may decode payloads');
    next();
  };
}
