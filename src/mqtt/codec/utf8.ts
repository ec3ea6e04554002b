// UTF-8 for MQTT strings, strict as MQTT requires [MQTT-1.5.3-1]: a string with a lone surrogate has no form,
// and the decoder refuses anything that is not well-formed. The general encoder and decoder are
// src/util/bytes.ts's; these add ASCII fast paths (topics and ids are ASCII), equal to them for every input.

import { decodeUtf8 as decodeGeneral, UTF8_INVALID, utf8Encode } from '../../util/bytes';

export { UTF8_INVALID };

/** A char a UTF-8 byte cannot hold alone: a string without one is its own UTF-8, byte for byte. */
// \x escapes: Espruino's regular expressions do not read \u escapes in a character class.
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Decodes buf[start..end) as strict UTF-8 (null when not well-formed). Bytes below 0x80 are the same characters
 * in UTF-8 and Latin-1, so an all-ASCII range of at most 256 bytes (Espruino's Function.apply takes at most 256
 * arguments) becomes a string in one String.fromCharCode call, instead of one concatenation per byte.
 */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string | null {
  if (end - start <= 256) {
    let i = start;
    while (i < end && buf[i] < 0x80) i++;
    if (i === end) return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  }
  return decodeGeneral(buf, start, end);
}

/**
 * Writes `str` as strict UTF-8 into buf[pos..] (with buf null, only measures) and returns the end, or
 * UTF8_INVALID for a lone surrogate. An ASCII string is measured by one regular-expression test (native code, on
 * Espruino too) instead of a loop over its chars.
 */
export function writeUtf8(str: string, buf: Uint8Array | null, pos: number): number {
  return buf === null && !NON_ASCII.test(str) ? pos + str.length : utf8Encode(str, buf, pos);
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
  utf8Encode(str, bytes, 0);
  return bytes;
}
