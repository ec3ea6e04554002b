import { allocatedBytes, heldBytes, ResponseParser, type HttpLimits, type ParseState } from '../../../src/http';
import { latin1Text } from '../../fixtures/http/responses';

export const LIMITS: HttpLimits = { httpHeaderCap: 1024, httpBodyCap: 512 };

/** What a parse came to, in a form that compares with toEqual. */
export type Outcome =
  | { ok: true; status: number; reason: string; headers: [string, string][]; body: string }
  | { ok: false; code: string; part?: string };

export function outcomeOf(parser: ResponseParser): Outcome {
  const result = parser.result;
  if (!result) throw new Error('parser neither done nor failed');
  if (result.ok) {
    const response = result.response;
    return { ok: true, status: response.status, reason: response.reason, headers: response.headers, body: latin1Text(response.body) };
  }
  const error = result.error;
  return error.part ? { ok: false, code: error.code, part: error.part } : { ok: false, code: error.code };
}

/**
 * Feeds the pieces in order, then signals the close, checking after every push that the parser holds no more
 * than its caps; returns the outcome.
 */
export function parsePieces(pieces: Uint8Array[], limits: HttpLimits = LIMITS): Outcome {
  const parser = new ResponseParser(limits);
  let state: ParseState = 'more';
  for (const piece of pieces) {
    state = parser.push(piece);
    assertBounded(parser, limits);
    if (state !== 'more') break;
  }
  if (state === 'more') parser.end();
  return outcomeOf(parser);
}

export function assertBounded(parser: ResponseParser, limits: HttpLimits): void {
  const cap = limits.httpHeaderCap + limits.httpBodyCap;
  if (heldBytes(parser) > cap) throw new Error(`parser holds ${heldBytes(parser)} bytes, over the caps (${cap})`);
  if (allocatedBytes(parser) > cap) throw new Error(`parser allocated ${allocatedBytes(parser)} bytes, over the caps (${cap})`);
}

/** The bytes cut at the given (sorted, in-range) positions. */
export function cutAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const c of cuts) {
    pieces.push(bytes.subarray(at, c));
    at = c;
  }
  pieces.push(bytes.subarray(at));
  return pieces;
}

export function oneByteAtATime(bytes: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i++) pieces.push(bytes.subarray(i, i + 1));
  return pieces;
}
