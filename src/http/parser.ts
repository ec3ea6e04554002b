// The incremental, bounded HTTP/1.x response parser. Bytes may arrive in any chunking, one at a time included;
// the outcome is the same for every split. Memory: one head buffer of httpHeaderCap bytes (made when the parser
// is made) and one body buffer (made once, when the head is complete: the Content-Length, else httpBodyCap).
// A response larger than a cap is refused with TOO_LARGE; nothing past a cap is ever kept.

import { bodyFraming, parseHead, type ResponseHead } from './head';
import { httpError, malformed, tooLarge, type HttpError } from './errors';
import type { HttpLimits, HttpResponse } from './types';
import { hexValue } from '../util/text';

/** 'more': the response is not complete yet; 'done': it is (see response()); 'failed': see error(). */
export type ParseState = 'more' | 'done' | 'failed';

const HEAD = 0;
const FIXED = 1;
const CHUNK_SIZE = 2;
const CHUNK_EXT = 3;
const CHUNK_DATA = 4;
const CHUNK_END = 5;
const TRAILER = 6;
const UNTIL_CLOSE = 7;
const DONE = 8;
const FAILED = 9;

const CR = 13;
const LF = 10;


export class ResponseParser {
  private readonly headerCap: number;
  private readonly bodyCap: number;
  private st = HEAD;
  private headBuf: Uint8Array | null;
  private headLen = 0;
  /** Bytes of the head kept after it was parsed (as strings), counted against httpHeaderCap with trailers. */
  private headKept = 0;
  /** Length of the current line, CR not counted (head, chunk-size and trailer lines). */
  private lineLen = 0;
  private head: ResponseHead | null = null;
  private body: Uint8Array | null = null;
  private bodyLen = 0;
  private fixedLength = 0;
  private chunkLeft = 0;
  private chunkDigits = 0;
  private failure: HttpError | null = null;

  constructor(limits: HttpLimits) {
    this.headerCap = limits.httpHeaderCap;
    this.bodyCap = limits.httpBodyCap;
    this.headBuf = new Uint8Array(this.headerCap);
  }

  state(): ParseState {
    return this.st === DONE ? 'done' : this.st === FAILED ? 'failed' : 'more';
  }

  error(): HttpError | null {
    return this.failure;
  }

  /** The response once state() is 'done', else null. */
  response(): HttpResponse | null {
    if (this.st !== DONE || this.head === null) return null;
    const body = this.body === null ? new Uint8Array(0) : this.body.subarray(0, this.bodyLen);
    return { status: this.head.status, reason: this.head.reason, headers: this.head.headers, body: body };
  }

  /** Response bytes held now: head (or, once parsed, what was kept of it) plus body. */
  heldBytes(): number {
    return (this.st === HEAD ? this.headLen : this.headKept) + this.bodyLen;
  }

  /** Buffer bytes allocated now; never more than httpHeaderCap + httpBodyCap. */
  allocatedBytes(): number {
    return (this.headBuf === null ? 0 : this.headBuf.length) + (this.body === null ? 0 : this.body.length);
  }

  /** Feeds bytes; bytes after a complete response are ignored. */
  push(bytes: Uint8Array): ParseState {
    let pos = 0;
    while (pos < bytes.length && this.st !== DONE && this.st !== FAILED) pos = this.step(bytes, pos);
    return this.state();
  }

  /** The connection ended (orderly close, or a TLS close-notify). Completes a body delimited by the close. */
  end(): ParseState {
    if (this.st === UNTIL_CLOSE) this.st = DONE;
    else if (this.st !== DONE && this.st !== FAILED) {
      const what = this.st === HEAD && this.headLen === 0 ? 'before any response byte' : 'before the response was complete';
      this.fail(httpError('CLOSED_EARLY', 'the server closed the connection ' + what + ': try again'));
    }
    return this.state();
  }

  private step(bytes: Uint8Array, pos: number): number {
    switch (this.st) {
      case HEAD:
        return this.headByte(bytes[pos], pos);
      case FIXED:
      case CHUNK_DATA:
      case UNTIL_CLOSE:
        return this.bodyBytes(bytes, pos);
      case CHUNK_SIZE:
        return this.chunkSizeByte(bytes[pos], pos);
      case CHUNK_EXT:
        return this.chunkExtByte(bytes[pos], pos);
      case CHUNK_END:
        return this.chunkEndByte(bytes[pos], pos);
      default:
        return this.trailerByte(bytes[pos], pos);
    }
  }

  private fail(error: HttpError): void {
    this.st = FAILED;
    this.failure = error;
    this.headBuf = null;
    this.body = null;
    this.bodyLen = 0;
    this.headLen = 0;
    this.headKept = 0;
  }

  private headByte(c: number, pos: number): number {
    const buf = this.headBuf as Uint8Array;
    if (this.headLen === buf.length) {
      this.fail(tooLarge('header', this.headerCap));
      return pos + 1;
    }
    buf[this.headLen++] = c;
    if (c === LF) {
      if (this.lineLen > 0) this.lineLen = 0;
      else if (this.headLen <= 2) this.headLen = 0; // blank lines before the status line are skipped
      else this.headComplete();
    } else if (c !== CR) this.lineLen++;
    return pos + 1;
  }

  private headComplete(): void {
    const parsed = parseHead(this.headBuf as Uint8Array, this.headLen);
    if (!parsed.ok) return this.fail(parsed.error);
    if (parsed.head.status < 200) {
      if (parsed.head.status === 101) return this.fail(malformed('101 Switching Protocols answers no request of ours'));
      this.headLen = 0; // an interim 1xx response: the real one follows
      return;
    }
    const framing = bodyFraming(parsed.head, this.bodyCap);
    if (!framing.ok) return this.fail(framing.error);
    this.head = parsed.head;
    this.headKept = this.headLen;
    this.headBuf = null;
    const f = framing.framing;
    if (f.kind === 'none' || (f.kind === 'fixed' && f.length === 0)) {
      this.st = DONE;
      return;
    }
    this.body = new Uint8Array(f.kind === 'fixed' ? f.length : this.bodyCap);
    if (f.kind === 'fixed') {
      this.fixedLength = f.length;
      this.st = FIXED;
    } else if (f.kind === 'chunked') this.startChunkLine();
    else this.st = UNTIL_CLOSE;
  }

  /** Copies body bytes (FIXED, CHUNK_DATA, UNTIL_CLOSE) up to what the framing and the cap allow. */
  private bodyBytes(bytes: Uint8Array, pos: number): number {
    const body = this.body as Uint8Array;
    let want = bytes.length - pos;
    if (this.st === FIXED) want = Math.min(want, this.fixedLength - this.bodyLen);
    else if (this.st === CHUNK_DATA) want = Math.min(want, this.chunkLeft);
    if (this.bodyLen + want > body.length) {
      this.fail(tooLarge('body', this.bodyCap));
      return bytes.length;
    }
    body.set(bytes.subarray(pos, pos + want), this.bodyLen);
    this.bodyLen += want;
    if (this.st === FIXED && this.bodyLen === this.fixedLength) this.st = DONE;
    else if (this.st === CHUNK_DATA) {
      this.chunkLeft -= want;
      if (this.chunkLeft === 0) this.st = CHUNK_END;
    }
    return pos + want;
  }

  private startChunkLine(): void {
    this.st = CHUNK_SIZE;
    this.chunkLeft = 0;
    this.chunkDigits = 0;
    this.lineLen = 0;
  }

  /** A chunk-size line is framing, not content; it is bounded by httpHeaderCap all the same. */
  private countLineByte(): boolean {
    this.lineLen++;
    if (this.lineLen <= this.headerCap) return true;
    this.fail(malformed('a chunk-size line runs past ' + this.headerCap + ' bytes'));
    return false;
  }

  private chunkSizeByte(c: number, pos: number): number {
    const digit = hexValue(c);
    if (digit >= 0) {
      this.chunkDigits++;
      this.chunkLeft = this.chunkLeft * 16 + digit;
      if (this.chunkLeft > this.bodyCap - this.bodyLen) this.fail(tooLarge('body', this.bodyCap));
      else this.countLineByte();
    } else if (c === LF) this.endChunkLine();
    else if (this.chunkDigits > 0 && (c === CR || c === 59 || c === 32 || c === 9)) {
      if (this.countLineByte()) this.st = CHUNK_EXT; // ';' starts a chunk extension; spaces may precede it
    } else this.fail(malformed('a chunk size is not hexadecimal'));
    return pos + 1;
  }

  /** Skips a chunk extension (and the CR) up to the end of the line. */
  private chunkExtByte(c: number, pos: number): number {
    if (c === LF) this.endChunkLine();
    else if (c !== CR) this.countLineByte();
    return pos + 1;
  }

  /** The chunk-size line ended: the chunk's data follows, or the trailers after the last (size 0) chunk. */
  private endChunkLine(): void {
    if (this.chunkDigits === 0) this.fail(malformed('a chunk-size line has no size'));
    else if (this.chunkLeft === 0) {
      this.st = TRAILER;
      this.lineLen = 0;
    } else this.st = CHUNK_DATA;
  }

  /** The CR LF after a chunk's data. */
  private chunkEndByte(c: number, pos: number): number {
    if (c === LF) this.startChunkLine();
    else if (c !== CR) this.fail(malformed('chunk data runs past its size'));
    return pos + 1;
  }

  /** Trailer fields after the last chunk are skipped; their chars (CR LF aside) count against httpHeaderCap with the head. */
  private trailerByte(c: number, pos: number): number {
    if (c === LF) {
      if (this.lineLen === 0) this.st = DONE;
      this.lineLen = 0;
      return pos + 1;
    }
    if (c === CR) return pos + 1;
    this.headKept++;
    this.lineLen++;
    if (this.headKept > this.headerCap) this.fail(tooLarge('header', this.headerCap));
    return pos + 1;
  }
}
