// The incremental, bounded HTTP/1.x response parser. Bytes may arrive in any chunking, one at a time included:
// the machine below moves one byte per step, so the outcome is the same for every split. Memory: one head buffer
// of httpHeaderCap bytes (made with the parser) and one body buffer (made once, when the head is complete: the
// Content-Length, else httpBodyCap); both are views into a lent buffer instead, where one is lent and they fit. A response larger than a cap is refused with TOO_LARGE; nothing past a cap
// is ever kept. A push makes no object; the head's strings and the response are made once, when complete.
//
// The head (RFC 9112 §4-§6) is lenient where servers differ harmlessly: LF without CR ends a line, obsolete line
// folding joins a value, the reason phrase may be missing. It is strict where a mistake would mis-frame the body.

import { bytesToBinaryString } from '../util/bytes';
import { hexValue, isDecimal, trimSpaces } from '../util/text';
import { httpError, type HttpError } from './errors';
import { charsIn, TOKEN_PUNCTUATION } from './request';
import type { HttpHeader, HttpLimits, HttpResult } from './types';

/** 'more': the response is not complete yet; 'done': it is (see result); 'failed': see result. */
export type ParseState = 'more' | 'done' | 'failed';

// The machine's states (numbers: a state is compared per byte).
const HEAD = 0; // status line and header fields, into headBuf
const BODY = 1; // body bytes: `left` more (Content-Length or chunk data), or until the close when left < 0
const CHUNK_SIZE = 2; // the hex size of a chunk
const CHUNK_EXT = 3; // the rest of a chunk-size line (extension, spaces, CR), skipped
const CHUNK_END = 4; // the CR LF after a chunk's data
const TRAILER = 5; // trailer fields after the last chunk, skipped (counted against httpHeaderCap)

const CR = 13;
const LF = 10;

export class ResponseParser {
  /** The outcome once complete: the response, or why there is none. null while more bytes are needed. */
  result: HttpResult | null = null;
  // The fields below are the machine's; heldBytes() and allocatedBytes() read them for the tests.
  headBuf: Uint8Array | null;
  headLen = 0;
  /** Bytes of the head counted after it was parsed, with trailers, against httpHeaderCap. */
  headKept = 0;
  body: Uint8Array | null = null;
  bodyLen = 0;
  private readonly headerCap: number;
  private readonly bodyCap: number;
  /** The lent buffer (HttpLimits.borrowRx), when it holds at least the head. */
  private readonly lent: Uint8Array | null;
  private st = HEAD;
  /** Length of the current line, CR not counted (head, chunk-size and trailer lines). */
  private lineLen = 0;
  /** BODY: bytes still to come (-1: until the close). CHUNK_SIZE: the size read so far. */
  private left = 0;
  private chunked = false;
  /** CHUNK_SIZE: hex digits read on this line. */
  private digits = 0;
  private status = 0;
  private reason = '';
  private headers: HttpHeader[] | null = null;

  constructor(limits: HttpLimits) {
    this.headerCap = limits.httpHeaderCap;
    this.bodyCap = limits.httpBodyCap;
    const lent = limits.borrowRx ? limits.borrowRx() : null;
    this.lent = lent !== null && lent.length >= this.headerCap ? lent : null;
    this.headBuf = this.lent !== null ? this.lent.subarray(0, this.headerCap) : new Uint8Array(this.headerCap);
  }

  /** Feeds bytes; bytes after a complete response are ignored. */
  push(bytes: Uint8Array): ParseState {
    let error: HttpError | null = null;
    for (let i = 0; i < bytes.length && error === null && this.result === null; i++) {
      const c = bytes[i];
      const st = this.st;
      if (st === HEAD) {
        const buf = this.headBuf as Uint8Array;
        if (this.headLen === buf.length) error = httpError('TOO_LARGE', 'head over httpHeaderCap', undefined, 'header');
        else {
          buf[this.headLen++] = c;
          if (c === LF) {
            if (this.lineLen > 0) this.lineLen = 0;
            else if (this.headLen <= 2) this.headLen = 0; // blank lines before the status line are skipped
            else error = this.headDone();
          } else if (c !== CR) this.lineLen++;
        }
      } else if (st === BODY) {
        const body = this.body as Uint8Array;
        if (this.bodyLen === body.length) error = httpError('TOO_LARGE', 'body over httpBodyCap', undefined, 'body');
        else {
          body[this.bodyLen++] = c;
          if (this.left > 0 && --this.left === 0) {
            if (this.chunked) this.st = CHUNK_END;
            else this.settle(null);
          }
        }
      } else if (st === CHUNK_SIZE || st === CHUNK_EXT) {
        const digit = st === CHUNK_SIZE ? hexValue(c) : -1;
        let counted = true; // a chunk-size line is framing, not content: bounded by httpHeaderCap all the same
        if (c === LF) {
          // The chunk-size line ended: the chunk's data follows, or the trailers after the last (size 0) chunk.
          counted = false;
          if (this.digits === 0) error = httpError('MALFORMED', 'chunk-size line without a size');
          else if (this.left === 0) {
            this.st = TRAILER;
            this.lineLen = 0;
          } else this.st = BODY;
        } else if (digit >= 0) {
          this.digits++;
          this.left = this.left * 16 + digit;
          if (this.left > this.bodyCap - this.bodyLen) error = httpError('TOO_LARGE', 'body over httpBodyCap', undefined, 'body');
        } else if (st === CHUNK_EXT) counted = c !== CR;
        else if (this.digits > 0 && (c === CR || c === 59 || c === 32 || c === 9)) this.st = CHUNK_EXT; // ';' (59) starts an extension; spaces may precede it
        else error = httpError('MALFORMED', 'chunk size not hex');
        if (error === null && counted && ++this.lineLen > this.headerCap) error = httpError('MALFORMED', 'chunk-size line over httpHeaderCap');
      } else if (st === CHUNK_END) {
        if (c === LF) {
          this.st = CHUNK_SIZE;
          this.left = 0;
          this.digits = 0;
          this.lineLen = 0;
        } else if (c !== CR) error = httpError('MALFORMED', 'chunk data past its size');
      } else if (c === LF) {
        // TRAILER: a blank line ends the response.
        if (this.lineLen === 0) this.settle(null);
        this.lineLen = 0;
      } else if (c !== CR) {
        this.lineLen++;
        if (++this.headKept > this.headerCap) error = httpError('TOO_LARGE', 'head and trailers over httpHeaderCap', undefined, 'header');
      }
    }
    if (error !== null) this.settle(error);
    return this.result === null ? 'more' : this.result.ok ? 'done' : 'failed';
  }

  /** The connection ended (orderly close, or a TLS close-notify). Completes a body delimited by the close. */
  end(): ParseState {
    if (this.result === null) {
      if (this.st === BODY && this.left < 0) this.settle(null);
      else this.settle(httpError('CLOSED_EARLY', this.st === HEAD && this.headLen === 0 ? 'closed before any byte' : 'closed mid-response'));
    }
    return this.result !== null && this.result.ok ? 'done' : 'failed';
  }

  /** Completes the response (error null) or fails it; a failure drops every buffer. */
  private settle(error: HttpError | null): void {
    if (error === null) {
      const body = this.body === null ? new Uint8Array(0) : this.body.subarray(0, this.bodyLen);
      this.result = { ok: true, response: { status: this.status, reason: this.reason, headers: this.headers as HttpHeader[], body: body } };
      return;
    }
    this.result = { ok: false, error: error };
    this.headBuf = null;
    this.body = null;
    this.bodyLen = 0;
    this.headLen = 0;
    this.headKept = 0;
  }

  /**
   * The head in headBuf is complete: reads the status line and the header fields, then how the body is framed
   * (RFC 9112 §6.3, for the answer to a POST): 1xx, 204 and 304 have none; a Transfer-Encoding ending in
   * chunked is chunked (and overrides Content-Length); any other Transfer-Encoding, or no length at all, runs
   * until the server closes. A Content-Length over the body cap is refused before any byte of the body is kept.
   */
  private headDone(): HttpError | null {
    const text = bytesToBinaryString((this.headBuf as Uint8Array).subarray(0, this.headLen));
    const headers: HttpHeader[] = [];
    let status = 0;
    let reason = '';
    let at = 0;
    while (at < text.length) {
      const lf = text.indexOf('\n', at);
      let line = text.substring(at, lf);
      at = lf + 1;
      if (line.charCodeAt(line.length - 1) === CR) line = line.substring(0, line.length - 1);
      if (status === 0) {
        // "HTTP/1.x NNN reason": the reason may be empty or missing.
        const code = line.substring(9, 12);
        const minor = line.charAt(7);
        const separator = line.charAt(12);
        if (line.substring(0, 7) !== 'HTTP/1.' || (minor !== '0' && minor !== '1') || line.charAt(8) !== ' ' || !isDecimal(code, 3) || code.length !== 3 ||
          code < '100' || code > '599' || (line.length > 12 && separator !== ' ' && separator !== '\t')) {
          return httpError('MALFORMED', 'bad status line');
        }
        status = parseInt(code, 10);
        reason = line.substring(13);
      } else if (line === '') break; // the blank line that ends the head
      else if (line.charAt(0) === ' ' || line.charAt(0) === '\t') {
        // Obsolete line folding: the line continues the previous value (RFC 9112 §5.2: replace with a space).
        if (headers.length === 0) return httpError('MALFORMED', 'folded line before any header');
        const last = headers[headers.length - 1];
        last[1] = trimSpaces(last[1] + ' ' + trimSpaces(line));
      } else {
        const colon = line.indexOf(':');
        const name = colon > 0 ? line.substring(0, colon) : '';
        const value = trimSpaces(line.substring(colon + 1));
        if (name === '' || !charsIn(name, TOKEN_PUNCTUATION, 1, 0)) return httpError('MALFORMED', 'bad header line');
        if (!charsIn(value, '\t', 0x20, 0xff)) return httpError('MALFORMED', 'control char in header ' + name);
        headers.push([name.toLowerCase(), value]);
      }
    }
    if (status < 200) {
      if (status === 101) return httpError('MALFORMED', '101 Switching Protocols');
      this.headLen = 0; // an interim 1xx response: the real one follows
      return null;
    }
    this.status = status;
    this.reason = reason;
    this.headers = headers;
    this.headKept = this.headLen;
    this.headBuf = null;
    if (status === 204 || status === 304) {
      this.settle(null);
      return null;
    }
    // Every comma-separated element of Transfer-Encoding and Content-Length, in order.
    let coding = '';
    let length = '';
    let lengthProblem = '';
    for (let k = 0; k < headers.length; k++) {
      const te = headers[k][0] === 'transfer-encoding';
      if (!te && headers[k][0] !== 'content-length') continue;
      const parts = headers[k][1].split(',');
      for (let j = 0; j < parts.length; j++) {
        const part = trimSpaces(parts[j]);
        if (part === '') continue;
        if (te) coding = part;
        else if (lengthProblem !== '') continue;
        else if (!isDecimal(part, 15)) lengthProblem = 'Content-Length ' + part;
        else if (length !== '' && part !== length) lengthProblem = 'conflicting Content-Length';
        else length = part;
      }
    }
    this.left = -1;
    if (coding !== '') this.chunked = coding.toLowerCase() === 'chunked';
    else if (lengthProblem !== '') return httpError('MALFORMED', lengthProblem);
    else if (length !== '') this.left = parseInt(length, 10);
    if (this.left > this.bodyCap) return httpError('TOO_LARGE', 'body over httpBodyCap', undefined, 'body');
    if (this.left === 0) this.settle(null);
    else {
      const n = this.left > 0 ? this.left : this.bodyCap;
      const lent = this.lent;
      this.body = lent !== null && lent.length - this.headerCap >= n ? lent.subarray(this.headerCap, this.headerCap + n) : new Uint8Array(n);
      this.st = BODY;
      if (this.chunked) {
        this.st = CHUNK_SIZE;
        this.left = 0;
        this.lineLen = 0;
      }
    }
    return null;
  }
}

/** Response bytes held now: head (or, once parsed, what was counted of it) plus body. For tests and tools. */
export function heldBytes(p: ResponseParser): number {
  return (p.headBuf !== null ? p.headLen : p.headKept) + p.bodyLen;
}

/** Buffer bytes allocated now; never more than httpHeaderCap + httpBodyCap. For tests and tools. */
export function allocatedBytes(p: ResponseParser): number {
  return (p.headBuf === null ? 0 : p.headBuf.length) + (p.body === null ? 0 : p.body.length);
}
