import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../hal/mock';

describe('SeededRandom', () => {
  it('gives the same bytes for the same seed', () => {
    expect(new SeededRandom(7).bytes(64)).toEqual(new SeededRandom(7).bytes(64));
  });

  it('gives different streams for neighbouring seeds', () => {
    expect(new SeededRandom(1).bytes(32)).not.toEqual(new SeededRandom(2).bytes(32));
  });

  it('returns exactly n bytes, and none for 0, negative or non-finite n', () => {
    const rng = new SeededRandom(3);
    for (const n of [1, 3, 4, 5, 33]) expect(rng.bytes(n).length).toBe(n);
    expect(rng.bytes(0).length).toBe(0);
    expect(rng.bytes(-4).length).toBe(0);
    expect(rng.bytes(Number.NaN).length).toBe(0);
  });

  it('spreads its bytes over all 256 values roughly evenly', () => {
    const counts = new Array(256).fill(0);
    for (const b of new SeededRandom(99).bytes(256 * 400)) counts[b]++;
    expect(Math.min(...counts)).toBeGreaterThan(300);
    expect(Math.max(...counts)).toBeLessThan(500);
  });
});
