import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elapsedMs, hasElapsed } from '../../../src/util/time';

const U32 = 2 ** 32;

describe('elapsedMs on the wrapping 32-bit clock', () => {
  it('equals the true elapsed time for any start and any gap below one wrap', () => {
    fc.assert(
      fc.property(fc.nat(U32 - 1), fc.nat(U32 - 1), (start, gap) => {
        const now = (start + gap) % U32;
        expect(elapsedMs(start, now)).toBe(gap);
      }),
    );
  });

  it('counts across the wrap: 1 ms before it to 2 ms after it is 3 ms', () => {
    expect(elapsedMs(U32 - 1, 2)).toBe(3);
    expect(hasElapsed(U32 - 1, 2, 3)).toBe(true);
    expect(hasElapsed(U32 - 1, 1, 3)).toBe(false);
  });
});
