import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatedBytes, heldBytes, ResponseParser, type HttpLimits } from '../../../src/http';
import { latin1Bytes } from '../../fixtures/http/responses';
import { assertBounded, oneByteAtATime, outcomeOf, parsePieces } from './helpers';

const SMALL: HttpLimits = { httpHeaderCap: 64, httpBodyCap: 32 };

function head(extra = ''): string {
  return 'HTTP/1.1 200 OK\r\n' + extra;
}

function parse(raw: string, limits: HttpLimits = SMALL) {
  return parsePieces(oneByteAtATime(latin1Bytes(raw)), limits);
}

function chunked(body: string, chunkSize: number): string {
  let out = head('Transfer-Encoding: chunked\r\n\r\n');
  for (let i = 0; i < body.length; i += chunkSize) {
    const piece = body.slice(i, i + chunkSize);
    out += piece.length.toString(16) + '\r\n' + piece + '\r\n';
  }
  return out + '0\r\n\r\n';
}

describe('HTTP response parser: caps', () => {
  it('a head of exactly httpHeaderCap bytes is accepted; one byte more is TOO_LARGE (header)', () => {
    const base = head('X: ');
    const fill = (n: number) => base + 'a'.repeat(n) + '\r\nContent-Length: 0\r\n\r\n';
    const overhead = fill(0).length;
    expect(parse(fill(SMALL.httpHeaderCap - overhead))).toMatchObject({ ok: true, status: 200 });
    expect(parse(fill(SMALL.httpHeaderCap - overhead + 1))).toEqual({ ok: false, code: 'TOO_LARGE', part: 'header' });
  });

  it('an endless header is refused at the cap, and the parser never holds more than the caps', () => {
    const parser = new ResponseParser(SMALL);
    const bytes = latin1Bytes(head('X-Endless: ' + 'z'.repeat(5000)));
    let state = 'more';
    for (let i = 0; i < bytes.length && state === 'more'; i++) {
      state = parser.push(bytes.subarray(i, i + 1));
      assertBounded(parser, SMALL);
      expect(heldBytes(parser)).toBeLessThanOrEqual(SMALL.httpHeaderCap);
    }
    expect(outcomeOf(parser)).toEqual({ ok: false, code: 'TOO_LARGE', part: 'header' });
  });

  it('a Content-Length over httpBodyCap is refused before any body byte is kept', () => {
    const parser = new ResponseParser(SMALL);
    parser.push(latin1Bytes(head('Content-Length: 33\r\n\r\n')));
    expect(outcomeOf(parser)).toEqual({ ok: false, code: 'TOO_LARGE', part: 'body' });
    expect(allocatedBytes(parser)).toBe(0);
  });

  it('Content-Length, chunked and until-close bodies of exactly httpBodyCap bytes are accepted', () => {
    const body = 'b'.repeat(SMALL.httpBodyCap);
    expect(parse(head('Content-Length: 32\r\n\r\n') + body)).toMatchObject({ ok: true, body });
    expect(parse(chunked(body, 5))).toMatchObject({ ok: true, body });
    expect(parse(head('\r\n') + body)).toMatchObject({ ok: true, body });
  });

  it('chunked and until-close bodies one byte over httpBodyCap are TOO_LARGE (body)', () => {
    const body = 'b'.repeat(SMALL.httpBodyCap + 1);
    expect(parse(chunked(body, 5))).toEqual({ ok: false, code: 'TOO_LARGE', part: 'body' });
    expect(parse(chunked(body, 100))).toEqual({ ok: false, code: 'TOO_LARGE', part: 'body' });
    expect(parse(head('\r\n') + body)).toEqual({ ok: false, code: 'TOO_LARGE', part: 'body' });
  });

  it('a chunk size larger than the room left is refused at the size line', () => {
    const parser = new ResponseParser(SMALL);
    parser.push(latin1Bytes(head('Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFF')));
    expect(outcomeOf(parser)).toEqual({ ok: false, code: 'TOO_LARGE', part: 'body' });
  });

  it('a chunked response whose head is exactly httpHeaderCap long is accepted (the last CR LF is not a trailer)', () => {
    const headText = head('X: ' + 'h'.repeat(12) + '\r\nTransfer-Encoding: chunked\r\n\r\n');
    expect(headText.length).toBe(SMALL.httpHeaderCap);
    expect(parse(headText + '0\r\n\r\n')).toMatchObject({ ok: true, body: '' });
    expect(parse(headText + '2\r\nok\r\n0\r\n\r\n')).toMatchObject({ ok: true, body: 'ok' });
  });

  it('trailers count against httpHeaderCap together with the head', () => {
    const raw = head('Transfer-Encoding: chunked\r\n\r\n') + '2\r\nok\r\n0\r\nX-T: ' + 'q'.repeat(40) + '\r\n\r\n';
    expect(parse(raw)).toEqual({ ok: false, code: 'TOO_LARGE', part: 'header' });
  });

  it('property: a response is accepted exactly when it fits the caps, and held bytes never exceed them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom('length', 'chunked', 'close'),
        fc.integer({ min: 1, max: 16 }),
        (headerFill, bodyLength, framing, chunkSize) => {
          const body = 'x'.repeat(bodyLength);
          const lengthHeader = framing === 'length' ? 'Content-Length: ' + bodyLength + '\r\n' : framing === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : '';
          const headText = head('X: ' + 'h'.repeat(headerFill) + '\r\n' + lengthHeader + '\r\n');
          let raw: string;
          if (framing === 'chunked') raw = chunked(body, chunkSize).replace(head('Transfer-Encoding: chunked\r\n\r\n'), headText);
          else raw = headText + body;
          const outcome = parse(raw);
          if (headText.length > SMALL.httpHeaderCap) expect(outcome).toEqual({ ok: false, code: 'TOO_LARGE', part: 'header' });
          else if (bodyLength > SMALL.httpBodyCap) expect(outcome).toEqual({ ok: false, code: 'TOO_LARGE', part: 'body' });
          else expect(outcome).toMatchObject({ ok: true, body });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('HTTP response parser: framing and errors', () => {
  it('204 and 304 have no body, whatever follows', () => {
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n')).toMatchObject({ ok: true, status: 204, body: '' });
    expect(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n')).toMatchObject({ ok: true, status: 304, body: '' });
  });

  it('Transfer-Encoding chunked wins over Content-Length', () => {
    expect(parse(head('Content-Length: 99\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'), { httpHeaderCap: 256, httpBodyCap: 64 })).toMatchObject({ ok: true, body: 'abc' });
  });

  it('bytes after a complete response are ignored', () => {
    expect(parse(head('Content-Length: 2\r\n\r\nokGARBAGE'))).toMatchObject({ ok: true, body: 'ok' });
  });

  it('the reason phrase may be empty or missing', () => {
    expect(parse('HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ ok: true, status: 200, reason: '' });
    expect(parse('HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n')).toMatchObject({ ok: true, status: 404, reason: '' });
    expect(parse('HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ ok: true, status: 503, reason: 'Service Unavailable' });
  });

  it('blank lines before the status line are skipped', () => {
    expect(parse('\r\n' + head('Content-Length: 2\r\n\r\nok'))).toMatchObject({ ok: true, body: 'ok' });
  });

  const malformed: [string, string][] = [
    ['a status line that is not HTTP', 'HTTP/2 200 OK\r\n\r\n'],
    ['a three-digit status missing', 'HTTP/1.1 20 OK\r\n\r\n'],
    ['a four-digit status', 'HTTP/1.1 2000 OK\r\n\r\n'],
    ['a status outside 100-599', 'HTTP/1.1 600 Odd\r\n\r\n'],
    ['a header without a colon', head('Broken header\r\n\r\n')],
    ['a space before the colon', head('Content-Length : 2\r\n\r\nok')],
    ['conflicting Content-Length values', head('Content-Length: 2\r\nContent-Length: 3\r\n\r\nok')],
    ['a Content-Length that is not a number', head('Content-Length: two\r\n\r\nok')],
    ['a chunk size that is not hexadecimal', head('Transfer-Encoding: chunked\r\n\r\nzz\r\n')],
    ['a chunk-size line without a size', head('Transfer-Encoding: chunked\r\n\r\n;ext\r\n')],
    ['chunk data longer than its size', head('Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n')],
    ['a continuation line before any header', 'HTTP/1.1 200 OK\r\n folded\r\n\r\n'],
    ['101 Switching Protocols', 'HTTP/1.1 101 Switching Protocols\r\n\r\n'],
  ];
  for (const [what, raw] of malformed) {
    it(`${what} is MALFORMED`, () => {
      expect(parse(raw, { httpHeaderCap: 256, httpBodyCap: 64 })).toEqual({ ok: false, code: 'MALFORMED' });
    });
  }

  const early: [string, string][] = [
    ['nothing at all', ''],
    ['a partial status line', 'HTTP/1.1 2'],
    ['a partial head', head('Content-Length: 5\r\n')],
    ['a partial Content-Length body', head('Content-Length: 5\r\n\r\nabc')],
    ['a partial chunked body', head('Transfer-Encoding: chunked\r\n\r\n5\r\nab')],
    ['a chunked body without its last chunk', head('Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n')],
    ['a chunked body without the final blank line', head('Transfer-Encoding: chunked\r\n\r\n0\r\n')],
  ];
  for (const [what, raw] of early) {
    it(`a close after ${what} is CLOSED_EARLY`, () => {
      expect(parse(raw)).toEqual({ ok: false, code: 'CLOSED_EARLY' });
    });
  }
});

describe('HTTP response parser: a lent buffer', () => {
  const reply = head('Content-Length: 12\r\n\r\n') + '{"code":200}';

  it('reads head and body into the lent buffer when both fit, allocating nothing, with the same outcome for every split', () => {
    const lent = new Uint8Array(SMALL.httpHeaderCap + SMALL.httpBodyCap);
    const limits: HttpLimits = { ...SMALL, borrowRx: () => lent };
    const parser = new ResponseParser(limits);
    expect(parser.headBuf!.buffer).toBe(lent.buffer);
    for (const b of latin1Bytes(reply)) parser.push(new Uint8Array([b]));
    expect(parser.body!.buffer).toBe(lent.buffer);
    expect(outcomeOf(parser)).toEqual(parse(reply));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: reply.length - 1 }), { maxLength: 6 }), (cuts) => {
        const bytes = latin1Bytes(reply);
        const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const pieces = at.slice(1).map((end, i) => bytes.subarray(at[i]!, end));
        expect(parsePieces(pieces, { ...SMALL, borrowRx: () => new Uint8Array(96) })).toEqual(parse(reply));
      }),
    );
  });

  it('allocates the body when the lent buffer holds only the head, and ignores a lent buffer smaller than the head cap', () => {
    const justHead = new Uint8Array(SMALL.httpHeaderCap);
    const parser = new ResponseParser({ ...SMALL, borrowRx: () => justHead });
    expect(parser.headBuf!.buffer).toBe(justHead.buffer);
    parser.push(latin1Bytes(reply));
    expect(parser.body!.buffer).not.toBe(justHead.buffer);
    expect(outcomeOf(parser)).toEqual(parse(reply));
    const tiny = new Uint8Array(8);
    const other = new ResponseParser({ ...SMALL, borrowRx: () => tiny });
    expect(other.headBuf!.buffer).not.toBe(tiny.buffer);
    expect(new ResponseParser({ ...SMALL, borrowRx: () => null }).headBuf!.length).toBe(SMALL.httpHeaderCap);
  });
});
