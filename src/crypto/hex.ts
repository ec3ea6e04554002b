// Hex text for digests and signatures. Alibaba accepts either case; the SDKs 3.x/4.x send upper case.
import { hexValue } from '../util/text';

export type HexCase = 'upper' | 'lower';

const UPPER_DIGITS = '0123456789ABCDEF';
const LOWER_DIGITS = '0123456789abcdef';

/** Two hex digits per byte, in the given case (upper by default). */
export function toHex(bytes: Uint8Array, hexCase: HexCase = 'upper'): string {
  const digits = hexCase === 'lower' ? LOWER_DIGITS : UPPER_DIGITS;
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    s += digits.charAt(bytes[i] >> 4) + digits.charAt(bytes[i] & 15);
  }
  return s;
}

/** The bytes of a hex string in either case, or null when its length is odd or it holds a non-hex char. */
export function fromHex(text: string): Uint8Array | null {
  if (text.length % 2 !== 0) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(text.charCodeAt(2 * i));
    const lo = hexValue(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return null;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

