// Signed, expiring action links for emails. Single use is enforced by the API (UsedLink table).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { LinkAction } from '../workflows/types';

export type { LinkAction };

export interface LinkClaims {
  /** Workflow id of the process. */
  wid: string;
  step: string;
  action: LinkAction;
  /** The agency the link was sent to; it acts as that agency. */
  agency: string;
  /** The staff member it was sent to (directory id); acting through it records them. */
  rep?: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Link id, recorded when used. */
  jti: string;
}

/** What sign() makes: base64url(JSON claims) "." base64url(HMAC-SHA256); 32 bytes are 43 characters. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

export class LinkError extends Error {
  constructor(
    readonly code: 'LINK_INVALID' | 'LINK_EXPIRED',
    message: string,
    /** An expired link's claims: genuine (signed by us), so a refusal can name its agency. */
    readonly claims?: LinkClaims,
  ) {
    super(message);
  }
}

/** A link to read one agency's agenda of a Safety Net meeting: it acts on nothing, so it may be opened again until it expires. */
export interface AgendaClaims {
  /** The meeting's workflow id. */
  meeting: string;
  /** The agency whose agenda it opens. */
  agency: string;
  exp: number;
  jti: string;
}

interface Signer<C extends { exp: number; jti: string }> {
  sign(claims: Omit<C, 'exp' | 'jti'>): string;
  verify(token: string): C;
}

export interface LinkSigner extends Signer<LinkClaims> {
  /** Agenda links, signed with a key of their own: a step link never opens an agenda, nor the reverse. */
  agenda: Signer<AgendaClaims>;
}

function signer<C extends { exp: number; jti: string }>(key: string, ttlSeconds: number, now: () => number): Signer<C> {
  const mac = (body: string) => createHmac('sha256', key).update(body).digest('base64url');
  return {
    sign(claims) {
      const full = { ...claims, exp: Math.floor(now() / 1000) + ttlSeconds, jti: randomUUID() };
      const body = Buffer.from(JSON.stringify(full)).toString('base64url');
      return `${body}.${mac(body)}`;
    },
    verify(token) {
      if (!LINK_TOKEN.test(token)) throw new LinkError('LINK_INVALID', 'Malformed link');
      const [body, signature] = token.split('.');
      const expected = Buffer.from(mac(body));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        throw new LinkError('LINK_INVALID', 'Link signature does not match');
      }
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as C;
      if (claims.exp * 1000 <= now()) throw new LinkError('LINK_EXPIRED', 'Link has expired', 'step' in claims ? (claims as unknown as LinkClaims) : undefined);
      return claims;
    },
  };
}

export function createLinkSigner(secret: string, ttlSeconds: number, now: () => number = Date.now): LinkSigner {
  const agendaKey = createHmac('sha256', secret).update('safety-net-agenda').digest('base64url');
  return { ...signer<LinkClaims>(secret, ttlSeconds, now), agenda: signer<AgendaClaims>(agendaKey, ttlSeconds, now) };
}
