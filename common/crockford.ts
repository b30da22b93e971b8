// Crockford's base32 (https://www.crockford.com/base32.html): no I, L, O or U, so a reference
// read aloud or copied by hand does not turn into another one.
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The check symbols for values 32–36 of the mod-37 checksum. */
const CHECK_EXTRA = '*~$=U';

/** Base32 of the leading bits of `bytes`, `length` symbols long (5 bits each). */
export function encodeBase32(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    let value = 0;
    for (let bit = i * 5; bit < i * 5 + 5; bit++) value = (value << 1) | ((bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
    out += CROCKFORD[value];
  }
  return out;
}

/** Crockford's check symbol: the number the symbols spell, modulo 37. */
export function checkSymbol(symbols: string): string {
  let mod = 0;
  for (const c of symbols) {
    const value = CROCKFORD.indexOf(c);
    if (value < 0) throw new Error(`not a Crockford base32 symbol: ${c}`);
    mod = (mod * 32 + value) % 37;
  }
  return (CROCKFORD + CHECK_EXTRA)[mod];
}
