// The framing of every record this runtime keeps in KV: a format tag, a sequence number, the body's length and
// the CRC-32 of all of that, then the body.
//   <tag>;<seq>;<length>;<crc32 as 8 hex>;<body>
// The CRC covers `<tag>;<seq>;<length>;` and the body. A torn or flipped record fails the length or the CRC
// check, so it is never taken for a good one.

import { crc32String, hex32 } from '../../util/crc32';
import { allChars, isAlnumCode, isDigitCode, isLowerHexCode } from '../../util/text';

/**
 * `cut`: the text is shorter than the record it starts (a write that stopped part-way, e.g. a power cut), as
 * opposed to a record of the right length that fails its CRC or format (damaged or foreign data).
 */
export type DecodedRecord = { ok: true; seq: number; body: string } | { ok: false; reason: string; cut: boolean };

interface FieldRule {
  max: number;
  /** The exact length a complete field has, or 0 for 1..max. */
  exact: number;
  test: (c: number) => boolean;
  /** No leading zero (a number as String(n) writes it). */
  canonical: boolean;
}

/** tag, seq, length, crc. */
const HEADER_FIELDS: FieldRule[] = [
  { max: 8, exact: 0, test: isAlnumCode, canonical: false },
  { max: 15, exact: 0, test: isDigitCode, canonical: true },
  { max: 6, exact: 0, test: isDigitCode, canonical: true },
  { max: 8, exact: 8, test: isLowerHexCode, canonical: false },
];

/** Whether a header field (complete: followed by ';') or the start of one (a write stopped inside it) is well-formed. */
function fieldShape(text: string, rule: FieldRule, complete: boolean): boolean {
  if (text.length > rule.max || !allChars(text, rule.test)) return false;
  if (rule.canonical && text.length > 1 && text.charCodeAt(0) === 48) return false;
  if (!complete) return true;
  return rule.exact > 0 ? text.length === rule.exact : text.length > 0;
}

export function encodeRecord(tag: string, seq: number, body: string): string {
  const covered = tag + ';' + seq + ';' + body.length + ';';
  return covered + hex32(crc32String(covered + body)) + ';' + body;
}

/** The four header fields and where the body starts, or why the text does not start with a header. */
function readHeader(text: string): { fields: string[]; bodyStart: number } | { reason: string; cut: boolean } {
  const fields: string[] = [];
  let at = 0;
  for (let k = 0; k < HEADER_FIELDS.length; k++) {
    const rule = HEADER_FIELDS[k];
    const semi = text.indexOf(';', at);
    if (semi < 0) {
      const cut = fieldShape(text.substring(at), rule, false);
      return { reason: cut ? 'cut short inside the header' : 'no record header', cut: cut };
    }
    const field = text.substring(at, semi);
    if (!fieldShape(field, rule, true)) return { reason: 'no record header', cut: false };
    fields.push(field);
    at = semi + 1;
  }
  return { fields: fields, bodyStart: at };
}

/** The sequence number and body of a record with this tag, or why the text is not one. */
export function decodeRecord(tag: string, text: string): DecodedRecord {
  const header = readHeader(text);
  if ('reason' in header) return { ok: false, reason: header.reason, cut: header.cut };
  const f = header.fields;
  if (f[0] !== tag) return { ok: false, reason: 'format ' + f[0] + ' is not ' + tag, cut: false };
  const body = text.substring(header.bodyStart);
  const length = parseInt(f[2], 10);
  if (body.length < length) return { ok: false, reason: 'cut short: ' + body.length + ' of ' + length + ' body chars', cut: true };
  if (body.length > length) return { ok: false, reason: 'body of ' + body.length + ' chars instead of ' + length, cut: false };
  if (hex32(crc32String(f[0] + ';' + f[1] + ';' + f[2] + ';' + body)) !== f[3]) return { ok: false, reason: 'CRC mismatch', cut: false };
  return { ok: true, seq: parseInt(f[1], 10), body: body };
}
