// UTF-8 for MQTT strings, strict as MQTT requires [MQTT-1.5.3-1]: a string with a lone surrogate has no form,
// and the decoder refuses anything that is not well-formed. The general encoder and decoder are
// src/util/bytes.ts's; these add ASCII fast paths (topics and ids are ASCII), equal to them for every input.

import { decodeUtf8 as decodeGeneral, UTF8_INVALID, utf8Encode } from '../../util/bytes';

export { UTF8_INVALID };

/** A char a UTF-8 byte cannot hold alone: a string without one is its own UTF-8 byte for byte. */
// \x escapes: Espruino's regular expressions do not read \u escapes in a character class.
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Decodes buf[start..end) as strict UTF-8 (null when not well-formed). Bytes below 0x80 are the same characters
 * in UTF-8 and Latin-1, so an all-ASCII range is turned into text eight bytes per String.fromCharCode call
 * instead of one concatenation per byte (fewer pieces for the engine to join when the string is first read).
 */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string | null {
  for (let i = start; i < end; i++) if (buf[i] > 0x7f) return decodeGeneral(buf, start, end);
  let out = '';
  let i = start;
  for (; i + 8 <= end; i += 8) {
    out += String.fromCharCode(buf[i], buf[i + 1], buf[i + 2], buf[i + 3], buf[i + 4], buf[i + 5], buf[i + 6], buf[i + 7]);
  }
  for (; i < end; i++) out += String.fromCharCode(buf[i]);
  return out;
}

/**
 * Writes `str` as strict UTF-8 into buf[pos..] (with buf null, only measures) and returns the end, or
 * UTF8_INVALID for a lone surrogate. An ASCII string is measured by one regular-expression test (native code, on
 * Espruino too) and written one byte per char; at the first other char the general encoder redoes the whole
 * string, rewriting the same bytes.
 */
export function writeUtf8(str: string, buf: Uint8Array | null, pos: number): number {
  if (buf === null) return NON_ASCII.test(str) ? utf8Encode(str, null, pos) : pos + str.length;
  const n = str.length;
  for (let i = 0; i < n; i++) {
    const c = str.charCodeAt(i);
    if (c > 0x7f) return utf8Encode(str, buf, pos);
    buf[pos + i] = c;
  }
  return pos + n;
}

/** The number of bytes `str` takes in UTF-8, or UTF8_INVALID when it holds a lone surrogate. */
export function utf8Length(str: string): number {
  return writeUtf8(str, null, 0);
}

/** A new Uint8Array with `str` in UTF-8, or null when the string has no UTF-8 form. */
export function utf8Bytes(str: string): Uint8Array | null {
  const length = writeUtf8(str, null, 0);
  if (length === UTF8_INVALID) return null;
  const bytes = new Uint8Array(length);
  writeUtf8(str, bytes, 0);
  return bytes;
}
