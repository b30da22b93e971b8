// The registry's youth reference: `Y-` + 10 random Crockford base32 symbols (50 bits) + `-` +
// Crockford's mod-37 check symbol. It carries no date and nothing about the youth. References
// are issued only where the check symbol is one of the 32 letters and digits (never * ~ $ = U),
// so they need no quoting in URLs or shells; the mod-37 check still rejects any single wrong
// symbol and any swap of two neighbouring ones before it.
import { randomBytes } from 'node:crypto';
import { checkSymbol, CROCKFORD, encodeBase32 } from './crockford';

const BODY_LENGTH = 10;
export const YOUTH_REF_PATTERN = /^Y-([0-9A-HJKMNP-TV-Z]{10})-([0-9A-HJKMNP-TV-Z])$/;

export function newYouthRef(): string {
  for (;;) {
    const body = encodeBase32(randomBytes(7), BODY_LENGTH);
    const check = checkSymbol(body);
    if (CROCKFORD.includes(check)) return `Y-${body}-${check}`;
  }
}

export function isYouthRef(value: string): boolean {
  const match = YOUTH_REF_PATTERN.exec(value);
  return match !== null && checkSymbol(match[1]) === match[2];
}
