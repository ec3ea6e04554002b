// Strings to bytes and back, without TextEncoder or Buffer (neither exists on Espruino). All UTF-8 lives here:
// the lenient encoder the signing code uses and the strict encoder and decoder MQTT requires [MQTT-1.5.3-1].

/** Returned by a strict utf8Encode for a string that has no UTF-8 form (it holds a lone surrogate). */
export const UTF8_INVALID = -1;

/**
 * Writes `text` as UTF-8 into buf[pos..] and returns the position after it; with buf null it only measures.
 * A lone surrogate has no UTF-8 form: strict (the default) returns UTF8_INVALID, lenient writes U+FFFD as Node's
 * Buffer and TextEncoder do. A strict caller measures first, so a refused string writes nothing. On an 8-bit
 * Espruino string a char 0x80-0xFF becomes two bytes, as it would in Node.
 */
export function utf8Encode(text: string, buf: Uint8Array | null, pos: number, lenient?: boolean): number {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      if (buf !== null) buf[pos] = c;
      pos++;
      continue;
    }
    if (c < 0x800) {
      if (buf !== null) {
        buf[pos] = 0xc0 | (c >> 6);
        buf[pos + 1] = 0x80 | (c & 0x3f);
      }
      pos += 2;
      continue;
    }
    if (c >= 0xd800 && c < 0xe000) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        if (buf !== null) {
          buf[pos] = 0xf0 | (c >> 18);
          buf[pos + 1] = 0x80 | ((c >> 12) & 0x3f);
          buf[pos + 2] = 0x80 | ((c >> 6) & 0x3f);
          buf[pos + 3] = 0x80 | (c & 0x3f);
        }
        pos += 4;
        continue;
      }
      if (!lenient) return UTF8_INVALID;
      c = 0xfffd;
    }
    if (buf !== null) {
      buf[pos] = 0xe0 | (c >> 12);
      buf[pos + 1] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos + 2] = 0x80 | (c & 0x3f);
    }
    pos += 3;
  }
  return pos;
}

/** The UTF-8 encoding of a string; a lone surrogate becomes U+FFFD (as TextEncoder and Buffer do). */
export function utf8Bytes(text: string): Uint8Array {
  const out = new Uint8Array(utf8Encode(text, null, 0, true));
  utf8Encode(text, out, 0, true);
  return out;
}

/**
 * Decodes buf[start..end) as strict UTF-8, or returns null when it is not well-formed: no overlong forms, no
 * encoded surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
 */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string | null {
  let out = '';
  let pos = start;
  while (pos < end) {
    const lead = buf[pos++];
    if (lead < 0x80) {
      out += String.fromCharCode(lead);
      continue;
    }
    // Continuation bytes that follow the lead, its payload bits, and the smallest code point that many bytes
    // may carry (anything less is overlong). 0xc0, 0xc1 and 0xf5.. can only start overlong or too-large forms.
    let more = 3;
    let code = lead & 0x07;
    let min = 0x10000;
    if (lead >= 0xc2 && lead <= 0xdf) {
      more = 1;
      code = lead & 0x1f;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      more = 2;
      code = lead & 0x0f;
      min = 0x800;
    } else if (lead < 0xf0 || lead > 0xf4) return null;
    if (pos + more > end) return null;
    for (; more > 0; more--) {
      const next = buf[pos++];
      if ((next & 0xc0) !== 0x80) return null;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
    if (code < 0x10000) out += String.fromCharCode(code);
    else out += String.fromCharCode(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff));
  }
  return out;
}

/** A string with one char per byte (0-255): the form Espruino's 8-bit strings and Storage use. */
export function bytesToBinaryString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** a followed by b, in a new array. */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
