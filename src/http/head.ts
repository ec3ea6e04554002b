// The response head (status line and header fields, RFC 9112 §4-§6) and what it says about the body's framing.
// Lenient where servers differ harmlessly: LF without CR ends a line, obsolete line folding joins a value,
// the reason phrase may be missing. Strict where a mistake would mis-frame the body.

import { isDecimal, trimSpaces } from '../util/text';
import { malformed, tooLarge, type HttpError } from './errors';
import { isToken } from './request';
import type { HttpHeader } from './types';

export interface ResponseHead {
  status: number;
  reason: string;
  headers: HttpHeader[];
}

export type HeadResult = { ok: true; head: ResponseHead } | { ok: false; error: HttpError };

/** How the body is delimited: nothing, a Content-Length, chunks, or the connection's close. */
export type BodyFraming = { kind: 'none' } | { kind: 'fixed'; length: number } | { kind: 'chunked' } | { kind: 'close' };

export type FramingResult = { ok: true; framing: BodyFraming } | { ok: false; error: HttpError };

/** "HTTP/1.x NNN reason" (the reason may be empty or missing) as status and reason, or null. */
function parseStatusLine(line: string): { status: number; reason: string } | null {
  const minor = line.charAt(7);
  if (line.substring(0, 7) !== 'HTTP/1.' || (minor !== '0' && minor !== '1') || line.charAt(8) !== ' ') return null;
  const code = line.substring(9, 12);
  if (code.length !== 3 || !isDecimal(code, 3) || code.charAt(0) < '1' || code.charAt(0) > '5') return null;
  const separator = line.charAt(12);
  if (line.length > 12 && separator !== ' ' && separator !== '\t') return null;
  return { status: parseInt(code, 10), reason: line.substring(13) };
}

/** The lines of buf[0..length), each without its CR LF (or bare LF). The head's final blank line is dropped. */
function headLines(buf: Uint8Array, length: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < length; i++) {
    const c = buf[i];
    if (c === 10) {
      if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.substring(0, line.length - 1);
      lines.push(line);
      line = '';
    } else line += String.fromCharCode(c);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9) || c === 0x7f) return true;
  }
  return false;
}

/** Adds one header line to `headers`, or says why it is malformed. */
function addHeaderLine(headers: HttpHeader[], line: string): HttpError | null {
  const first = line.charCodeAt(0);
  if (first === 32 || first === 9) {
    // Obsolete line folding: the line continues the previous value (RFC 9112 §5.2: replace with a space).
    if (headers.length === 0) return malformed('a continuation line comes before any header');
    const last = headers[headers.length - 1];
    last[1] = trimSpaces(last[1] + ' ' + trimSpaces(line));
    return null;
  }
  const colon = line.indexOf(':');
  const name = colon > 0 ? line.substring(0, colon) : '';
  if (!isToken(name)) return malformed('header line "' + line.substring(0, 40) + '" has no valid field name');
  const value = trimSpaces(line.substring(colon + 1));
  if (hasControlChar(value)) return malformed('header ' + name + ' holds a control character');
  headers.push([name.toLowerCase(), value]);
  return null;
}

/** Parses a complete head held in buf[0..length). */
export function parseHead(buf: Uint8Array, length: number): HeadResult {
  const lines = headLines(buf, length);
  const statusLine = lines.length > 0 ? parseStatusLine(lines[0]) : null;
  if (statusLine === null) return { ok: false, error: malformed('the status line is not "HTTP/1.x NNN reason"') };
  const headers: HttpHeader[] = [];
  for (let i = 1; i < lines.length; i++) {
    const error = addHeaderLine(headers, lines[i]);
    if (error !== null) return { ok: false, error: error };
  }
  return { ok: true, head: { status: statusLine.status, reason: statusLine.reason, headers: headers } };
}

/** Every comma-separated element of every value of the named header, trimmed, in order. */
function listValues(headers: HttpHeader[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i++) {
    if (headers[i][0] !== name) continue;
    const parts = headers[i][1].split(',');
    for (let j = 0; j < parts.length; j++) {
      const part = trimSpaces(parts[j]);
      if (part !== '') out.push(part);
    }
  }
  return out;
}

/** The Content-Length, -1 when absent, or why it is unusable (not digits, or conflicting values). */
function contentLength(headers: HttpHeader[]): number | HttpError {
  const values = listValues(headers, 'content-length');
  if (values.length === 0) return -1;
  for (let i = 0; i < values.length; i++) {
    if (!isDecimal(values[i], 15)) return malformed('Content-Length "' + values[i] + '" is not a number');
    if (values[i] !== values[0]) return malformed('conflicting Content-Length values');
  }
  return parseInt(values[0], 10);
}

/**
 * How the body of a response to a POST is framed (RFC 9112 §6.3): 1xx, 204 and 304 have none; a
 * Transfer-Encoding ending in chunked is chunked (and overrides Content-Length); any other Transfer-Encoding, or
 * no length at all, runs until the server closes. A Content-Length over the body cap is refused before any byte
 * of the body is kept.
 */
export function bodyFraming(head: ResponseHead, bodyCap: number): FramingResult {
  if (head.status < 200 || head.status === 204 || head.status === 304) return { ok: true, framing: { kind: 'none' } };
  const codings = listValues(head.headers, 'transfer-encoding');
  if (codings.length > 0) {
    const chunked = codings[codings.length - 1].toLowerCase() === 'chunked';
    return { ok: true, framing: chunked ? { kind: 'chunked' } : { kind: 'close' } };
  }
  const length = contentLength(head.headers);
  if (typeof length !== 'number') return { ok: false, error: length };
  if (length < 0) return { ok: true, framing: { kind: 'close' } };
  if (length > bodyCap) return { ok: false, error: tooLarge('body', bodyCap) };
  return { ok: true, framing: { kind: 'fixed', length: length } };
}
