// The framing of every record this runtime keeps in KV: a format tag, a sequence number, the body's length and
// the CRC-32 of all of that, then the body.
//   <tag>;<seq>;<length>;<crc32 as 8 hex>;<body>
// The CRC covers `<tag>;<seq>;<length>;` and the body. A torn or flipped record fails the length or the CRC
// check, so it is never taken for a good one.

import { crc32String, hex32 } from '../../util/crc32';
import { isAlnumCode, isDigitCode } from '../../util/text';

/**
 * `cut`: the text is shorter than the record it starts (a write that stopped part-way, e.g. a power cut), as
 * opposed to a record of the right length that fails its CRC or format (damaged or foreign data).
 */
export type DecodedRecord = { ok: true; seq: number; body: string } | { ok: false; reason: string; cut: boolean };

export function encodeRecord(tag: string, seq: number, body: string): string {
  const covered = tag + ';' + seq + ';' + body.length + ';';
  return covered + hex32(crc32String(covered + body)) + ';' + body;
}

/**
 * The sequence number and body of a record with this tag, or why the text is not one. The four header fields
 * (k = 0..3) are tag: 1-8 letters or digits; seq: 1-15 digits; length: 1-6 digits (both without a leading zero,
 * as String(n) writes them); crc: 8 lower-case hex digits. A text that stops inside a header field whose chars
 * so far fit it, or inside the body, is `cut`.
 */
export function decodeRecord(tag: string, text: string): DecodedRecord {
  const f: string[] = [];
  let at = 0;
  for (let k = 0; k < 4; k++) {
    const semi = text.indexOf(';', at);
    const field = text.substring(at, semi < 0 ? text.length : semi);
    let fits = field.length <= (k === 1 ? 15 : k === 2 ? 6 : 8);
    for (let i = 0; fits && i < field.length; i++) {
      const c = field.charCodeAt(i);
      fits = k === 0 ? isAlnumCode(c) : isDigitCode(c) || (k === 3 && c >= 97 && c <= 102);
    }
    if ((k === 1 || k === 2) && field.length > 1 && field.charCodeAt(0) === 48) fits = false;
    if (semi < 0) return { ok: false, reason: fits ? 'cut short inside the header' : 'no record header', cut: fits };
    if (!fits || field.length === 0 || (k === 3 && field.length !== 8)) return { ok: false, reason: 'no record header', cut: false };
    f.push(field);
    at = semi + 1;
  }
  if (f[0] !== tag) return { ok: false, reason: 'format ' + f[0] + ' is not ' + tag, cut: false };
  const body = text.substring(at);
  const length = parseInt(f[2], 10);
  if (body.length < length) return { ok: false, reason: 'cut short: ' + body.length + ' of ' + length + ' body chars', cut: true };
  if (body.length > length) return { ok: false, reason: 'body of ' + body.length + ' chars instead of ' + length, cut: false };
  if (hex32(crc32String(f[0] + ';' + f[1] + ';' + f[2] + ';' + body)) !== f[3]) return { ok: false, reason: 'CRC mismatch', cut: false };
  return { ok: true, seq: parseInt(f[1], 10), body: body };
}
