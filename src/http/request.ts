// The bytes of one HTTP/1.1 POST:
//   POST <path> HTTP/1.1
//   Host: <host>[:<port> unless 443 with TLS / 80 without]
//   <content headers, in the caller's order>
//   Content-Length: <n>
//   Connection: close
//
//   <body>
// Espruino's own http module does not add Content-Length, so this layer always does.

import { isAlnumCode } from '../util/text';
import { httpError, type HttpError } from './errors';
import type { HttpPostRequest } from './types';

export type EncodedRequest = { ok: true; bytes: Uint8Array } | { ok: false; error: HttpError };

/** The chars besides letters and digits an HTTP token (a header field name) may hold. */
export const TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

/**
 * True when every char is a letter or digit, one of `extra`, or a code in [lo, hi] other than DEL (0x7F).
 * The one check behind every char rule of this layer: a token is (text, TOKEN_PUNCTUATION, 1, 0), a host
 * (text, '-.', 1, 0), a request header value (text, '\t', 0x20, 0x7E), a response header value
 * (text, '\t', 0x20, 0xFF), a request target (text, '', 0x21, 0x7E).
 */
export function charsIn(text: string, extra: string, lo: number, hi: number): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isAlnumCode(c) && !(c >= lo && c <= hi && c !== 0x7f) && extra.indexOf(text.charAt(i)) < 0) return false;
  }
  return true;
}

/** The request's bytes, or INVALID_REQUEST naming the field to fix. */
export function encodeRequest(r: HttpPostRequest): EncodedRequest {
  let problem = '';
  if (typeof r.host !== 'string' || r.host.length < 1 || r.host.length > 253 || !charsIn(r.host, '-.', 1, 0)) problem = 'host';
  else if (typeof r.port !== 'number' || Math.floor(r.port) !== r.port || r.port < 1 || r.port > 65535) problem = 'port';
  else if (typeof r.path !== 'string' || r.path.charAt(0) !== '/' || !charsIn(r.path, '', 0x21, 0x7e)) problem = 'path';
  else if (typeof r.body !== 'string') problem = 'body';
  else if (typeof r.timeoutMs !== 'number' || !(r.timeoutMs > 0)) problem = 'timeoutMs';
  let text = 'POST ' + r.path + ' HTTP/1.1\r\nHost: ' + (r.port === (r.tls ? 443 : 80) ? r.host : r.host + ':' + r.port) + '\r\n';
  for (let i = 0; problem === '' && i < r.headers.length; i++) {
    const name = r.headers[i][0];
    if (name.length === 0 || !charsIn(name, TOKEN_PUNCTUATION, 1, 0) || !charsIn(r.headers[i][1], '\t', 0x20, 0x7e)) problem = 'header ' + name;
    text += name + ': ' + r.headers[i][1] + '\r\n';
  }
  if (problem === '') {
    text += 'Content-Length: ' + r.body.length + '\r\nConnection: close\r\n\r\n' + r.body;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // Only the body can hold a char above 0x7E here: it must be an 8-bit string (UTF-8 encoded first).
      if (c > 0xff) return { ok: false, error: httpError('INVALID_REQUEST', 'body char above 0xFF') };
      bytes[i] = c;
    }
    return { ok: true, bytes: bytes };
  }
  return { ok: false, error: httpError('INVALID_REQUEST', 'invalid ' + problem) };
}
