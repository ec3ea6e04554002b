// UTF-8 for MQTT strings, over JavaScript's UTF-16 strings: byte length, encode into a buffer, strict decode.
// Strict means what MQTT requires of a well-formed UTF-8 string [MQTT-1.5.3-1]: no overlong forms, no encoded
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.

/** Returned by utf8Length for a string that has no UTF-8 form (it holds a lone surrogate). */
export const UTF8_INVALID = -1;

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The number of bytes `str` takes in UTF-8, or UTF8_INVALID when it holds a lone surrogate. */
export function utf8Length(str: string): number {
  let bytes = 0;
  for (let i = 0; i < str.length; i++) {
    const unit = str.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (isHighSurrogate(unit)) {
      if (i + 1 >= str.length || !isLowSurrogate(str.charCodeAt(i + 1))) return UTF8_INVALID;
      bytes += 4;
      i++;
    } else if (isLowSurrogate(unit)) return UTF8_INVALID;
    else bytes += 3;
  }
  return bytes;
}

/**
 * Writes `str` as UTF-8 at `pos` and returns the position after it. The caller has checked with utf8Length
 * that the string is valid and that it fits.
 */
export function writeUtf8(str: string, buf: Uint8Array, pos: number): number {
  for (let i = 0; i < str.length; i++) {
    let code = str.charCodeAt(i);
    if (code < 0x80) {
      buf[pos++] = code;
    } else if (code < 0x800) {
      buf[pos++] = 0xc0 | (code >> 6);
      buf[pos++] = 0x80 | (code & 0x3f);
    } else if (isHighSurrogate(code)) {
      code = 0x10000 + ((code - 0xd800) << 10) + (str.charCodeAt(++i) - 0xdc00);
      buf[pos++] = 0xf0 | (code >> 18);
      buf[pos++] = 0x80 | ((code >> 12) & 0x3f);
      buf[pos++] = 0x80 | ((code >> 6) & 0x3f);
      buf[pos++] = 0x80 | (code & 0x3f);
    } else {
      buf[pos++] = 0xe0 | (code >> 12);
      buf[pos++] = 0x80 | ((code >> 6) & 0x3f);
      buf[pos++] = 0x80 | (code & 0x3f);
    }
  }
  return pos;
}

/** A new Uint8Array with `str` in UTF-8, or null when the string has no UTF-8 form. */
export function utf8Bytes(str: string): Uint8Array | null {
  const length = utf8Length(str);
  if (length === UTF8_INVALID) return null;
  const bytes = new Uint8Array(length);
  writeUtf8(str, bytes, 0);
  return bytes;
}

/** How many bytes a sequence starting with `lead` has (1..4), or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The smallest code point a sequence of `length` bytes may encode (anything less is overlong). */
const MIN_CODE_POINT = [0, 0, 0x80, 0x800, 0x10000];

/**
 * Decodes the code point whose sequence starts at `pos`, or returns -1 when the bytes there are not strict
 * UTF-8. `end` is exclusive.
 */
function decodeCodePoint(buf: Uint8Array, pos: number, end: number): number {
  const lead = buf[pos];
  const length = sequenceLength(lead);
  if (length === 0 || pos + length > end) return -1;
  if (length === 1) return lead;
  let code = lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const next = buf[pos + k];
    if ((next & 0xc0) !== 0x80) return -1;
    code = (code << 6) | (next & 0x3f);
  }
  if (code < MIN_CODE_POINT[length] || code > 0x10ffff) return -1;
  if (code >= 0xd800 && code <= 0xdfff) return -1;
  return code;
}

/** The byte length of the UTF-8 sequence for code point `code`. */
function codePointBytes(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}

/** Appends code point `code` to `out` as UTF-16. */
function appendCodePoint(out: string, code: number): string {
  if (code < 0x10000) return out + String.fromCharCode(code);
  const offset = code - 0x10000;
  return out + String.fromCharCode(0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff));
}

/** Decodes buf[start..end) as strict UTF-8, or returns null when it is not well-formed. */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string | null {
  let out = '';
  let pos = start;
  while (pos < end) {
    const code = decodeCodePoint(buf, pos, end);
    if (code < 0) return null;
    out = appendCodePoint(out, code);
    pos += codePointBytes(code);
  }
  return out;
}
