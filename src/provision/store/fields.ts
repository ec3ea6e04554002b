// A list of 8-bit strings as one string: each value as `<length>:<value>`, back to back. Any char 0-255 may
// appear in a value; decoding is strict (every length exact, nothing left over), so a cut-short text fails.

import { isCanonicalDecimal, isDigitCode } from '../../util/text';

/** Longest length prefix: 6 digits (a KV value is far shorter). */
const MAX_LENGTH_DIGITS = 6;

export function encodeFields(values: string[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += values[i].length + ':' + values[i];
  return out;
}

/** The values, or null when the text is not exactly `count` well-formed fields. */
export function decodeFields(text: string, count: number): string[] | null {
  const values: string[] = [];
  let at = 0;
  while (at < text.length) {
    let colon = at;
    while (colon < text.length && colon - at <= MAX_LENGTH_DIGITS && isDigitCode(text.charCodeAt(colon))) colon++;
    const digits = text.substring(at, colon);
    if (text.charAt(colon) !== ':' || !isCanonicalDecimal(digits, MAX_LENGTH_DIGITS)) return null;
    const length = parseInt(digits, 10);
    const start = colon + 1;
    if (start + length > text.length) return null;
    values.push(text.substring(start, start + length));
    at = start + length;
  }
  return values.length === count ? values : null;
}
