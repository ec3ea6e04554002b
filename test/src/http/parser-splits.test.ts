import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORDED, latin1Bytes } from '../../fixtures/http/responses';
import { cutAt, oneByteAtATime, parsePieces, type Outcome } from './helpers';

describe('HTTP response parser: split invariance over recorded responses', () => {
  for (const recorded of RECORDED) {
    const bytes = latin1Bytes(recorded.raw);
    const whole = parsePieces([bytes]);

    it(`${recorded.name}: parses whole to the recorded status, headers and body`, () => {
      const expected: Outcome = { ok: true, status: recorded.status, reason: expect.any(String) as unknown as string, headers: recorded.headers, body: recorded.body };
      expect(whole).toEqual(expected);
    });

    it(`${recorded.name}: every two-chunk split gives the same result`, () => {
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(parsePieces(cutAt(bytes, [cut])), `split at ${cut}`).toEqual(whole);
      }
    });

    it(`${recorded.name}: one byte at a time gives the same result`, () => {
      expect(parsePieces(oneByteAtATime(bytes))).toEqual(whole);
    });

    it(`${recorded.name}: property: any random split gives the same result`, () => {
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 30 }), (cuts) => {
          expect(parsePieces(cutAt(bytes, cuts.sort((a, b) => a - b)))).toEqual(whole);
        }),
        { numRuns: 300 },
      );
    });
  }
});
