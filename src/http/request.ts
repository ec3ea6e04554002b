// The bytes of one HTTP/1.1 POST:
//   POST <path> HTTP/1.1
//   Host: <host>[:<port> unless 443 with TLS / 80 without]
//   <content headers, in the caller's order>
//   Content-Length: <n>
//   Connection: close
//
//   <body>
// Espruino's own http module does not add Content-Length (spec/espruino.md §1b), so this layer always does.

import { httpError, type HttpError } from './errors';
import type { HttpPostRequest } from './types';

export type EncodedRequest = { ok: true; bytes: Uint8Array } | { ok: false; error: HttpError };

import { allChars, isAlnumCode } from '../util/text';

const TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

/** A char of an HTTP token (a header field name): letters, digits and !#$%&'*+-.^_`|~. */
export function isTokenCode(c: number): boolean {
  return isAlnumCode(c) || TOKEN_PUNCTUATION.indexOf(String.fromCharCode(c)) >= 0;
}

export function isToken(text: string): boolean {
  return text.length > 0 && allChars(text, isTokenCode);
}

function isHostCode(c: number): boolean {
  return isAlnumCode(c) || c === 45 || c === 46;
}

function invalid(what: string): EncodedRequest {
  return { ok: false, error: httpError('INVALID_REQUEST', what) };
}

/** True when every char is printable ASCII or a tab (a header value may hold nothing else). */
function isHeaderValue(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9) || c > 0x7e) return false;
  }
  return true;
}

/** True when every char is printable ASCII without space (a request target). */
function isPathText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c > 0x7e) return false;
  }
  return true;
}

function isEightBit(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

/** Why the request cannot be sent, or null. */
export function checkRequest(r: HttpPostRequest): string | null {
  if (typeof r.host !== 'string' || r.host.length < 1 || r.host.length > 253 || !allChars(r.host, isHostCode)) return 'host must be 1-253 chars of A-Z, a-z, 0-9, . and -';
  if (typeof r.port !== 'number' || Math.floor(r.port) !== r.port || r.port < 1 || r.port > 65535) {
    return 'port must be an integer from 1 to 65535';
  }
  if (typeof r.path !== 'string' || r.path.charAt(0) !== '/' || !isPathText(r.path)) {
    return "path must start with '/' and hold printable ASCII without spaces";
  }
  for (let i = 0; i < r.headers.length; i++) {
    const name = r.headers[i][0];
    if (!isToken(name)) return 'header name "' + name + '" is not an HTTP token';
    if (!isHeaderValue(r.headers[i][1])) return 'header ' + name + ' holds a control char or a char above 0x7E';
  }
  if (typeof r.body !== 'string' || !isEightBit(r.body)) return 'the body must be an 8-bit string: encode text as UTF-8 bytes first';
  if (typeof r.timeoutMs !== 'number' || !(r.timeoutMs > 0)) return 'timeoutMs must be a positive number of milliseconds';
  return null;
}

/** The Host header value: the port is named unless it is the scheme's default. */
export function hostHeader(host: string, port: number, tls: boolean): string {
  return port === (tls ? 443 : 80) ? host : host + ':' + port;
}

/** The request head and body as one 8-bit string. */
export function requestText(r: HttpPostRequest): string {
  let head = 'POST ' + r.path + ' HTTP/1.1\r\nHost: ' + hostHeader(r.host, r.port, r.tls) + '\r\n';
  for (let i = 0; i < r.headers.length; i++) head += r.headers[i][0] + ': ' + r.headers[i][1] + '\r\n';
  head += 'Content-Length: ' + r.body.length + '\r\nConnection: close\r\n\r\n';
  return head + r.body;
}

/** The request's bytes, or INVALID_REQUEST naming what to fix. */
export function encodeRequest(r: HttpPostRequest): EncodedRequest {
  const problem = checkRequest(r);
  if (problem !== null) return invalid(problem);
  const text = requestText(r);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return { ok: true, bytes: bytes };
}
