import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMockBoard } from '../../../hal/mock';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../../src/link/backoff';

/** The four RNG bytes of an unsigned 32-bit value, most significant first. */
function bytesOf(u32: number): Uint8Array {
  return new Uint8Array([u32 >>> 24, (u32 >>> 16) & 255, (u32 >>> 8) & 255, u32 & 255]);
}

/** The window of an attempt, as the largest draw shows it: all bits set wait window - 1 ms. */
function backoffWindow(p: BackoffPolicy, n: number): number {
  return backoffDelay(p, n, bytesOf(0xffffffff)) + 1;
}

const policy: fc.Arbitrary<BackoffPolicy> = fc
  .record({ baseMs: fc.integer({ min: 1, max: 10_000 }), capMs: fc.integer({ min: 1, max: 3_600_000 }), stableMs: fc.nat(600_000) })
  .filter((p) => p.capMs >= p.baseMs);
const attempt = fc.nat(200);
const u32 = fc.nat(0xffffffff);

describe('backoff: exponential with full jitter', () => {
  it('never waits less than zero or as long as the window, and the window never exceeds the cap', () => {
    fc.assert(
      fc.property(policy, attempt, u32, (p, n, r) => {
        const w = backoffWindow(p, n);
        const d = backoffDelay(p, n, bytesOf(r));
        expect(w).toBeLessThanOrEqual(p.capMs);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(w);
        expect(Number.isInteger(d)).toBe(true);
      }),
    );
  });

  it('doubles the window each attempt until the cap, then stays at the cap', () => {
    fc.assert(
      fc.property(policy, attempt, (p, n) => {
        const w = backoffWindow(p, n);
        const next = backoffWindow(p, n + 1);
        expect(next).toBe(Math.min(p.capMs, w * 2));
        expect(backoffWindow(p, 0)).toBe(p.baseMs);
      }),
    );
    expect(backoffWindow(DEFAULT_BACKOFF, 1000)).toBe(DEFAULT_BACKOFF.capMs);
  });

  it('spreads delays over the whole window (full jitter), not around a point', () => {
    fc.assert(
      fc.property(policy, attempt, fc.integer({ min: 1, max: 1_000_000 }), (p, n, seed) => {
        const w = backoffWindow(p, n);
        fc.pre(w >= 100);
        // Draws as a device makes them: four bytes of the (seeded) hardware RNG each.
        const rng = createMockBoard({ seed }).hal.random;
        const buckets = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        for (let i = 0; i < 2000; i++) buckets[Math.floor((backoffDelay(p, n, rng.bytes(4)) / w) * 10)]!++;
        // Uniform draws give ~200 per tenth of the window; every tenth is used.
        for (const b of buckets) expect(b).toBeGreaterThan(120);
      }),
      { numRuns: 30 },
    );
  });

  it('is monotonic in the random value: a larger draw never waits less', () => {
    fc.assert(
      fc.property(policy, attempt, u32, u32, (p, n, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(backoffDelay(p, n, bytesOf(lo))).toBeLessThanOrEqual(backoffDelay(p, n, bytesOf(hi)));
      }),
    );
  });

  it('reads the four random bytes as an unsigned 32-bit value, most significant first', () => {
    // A window of 2^20 ms (no cap) makes the delay the draw's top 20 bits.
    const p: BackoffPolicy = { baseMs: 1 << 20, capMs: 1 << 20, stableMs: 0 };
    expect(backoffDelay(p, 0, new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toBe((1 << 20) - 1);
    expect(backoffDelay(p, 0, new Uint8Array([0x80, 0, 0, 1]))).toBe(1 << 19);
    expect(backoffDelay(p, 0, new Uint8Array([0, 0, 0x10, 0]))).toBe(1);
    expect(backoffDelay(p, 0, new Uint8Array([0, 0, 0x0f, 0xff]))).toBe(0);
    expect(backoffDelay(p, 0, new Uint8Array([0, 0, 0, 0]))).toBe(0);
  });
});
