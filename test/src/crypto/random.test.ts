import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCEPT_BELOW, ALPHANUMERIC, randomAlphanumeric } from '../../../src/crypto/random';
import { ScriptedRandom, SeededRandom } from './helpers';

function value(r: ReturnType<typeof randomAlphanumeric>): string {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('randomAlphanumeric', () => {
  it('yields only [A-Za-z0-9], of the asked length, whatever bytes the RNG gives', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 255 }), { minLength: 400, maxLength: 400 }), fc.nat({ max: 40 }), (script, n) => {
        const r = randomAlphanumeric(new ScriptedRandom(script.concat(new Array(200).fill(7))), n);
        expect(value(r)).toMatch(new RegExp(`^[A-Za-z0-9]{${n}}$`));
      }),
    );
  });

  it('maps an accepted byte b to ALPHANUMERIC[b % 62]', () => {
    const rng = new ScriptedRandom([0, 25, 26, 51, 52, 61, 62, 247]);
    expect(value(randomAlphanumeric(rng, 8))).toBe('AZaz09A9');
  });

  it('rejects bytes >= 248 and asks the RNG for exactly the missing count again', () => {
    const rng = new ScriptedRandom([0, 248, 247, 255, 61, 252, 62]);
    expect(value(randomAlphanumeric(rng, 4))).toBe('A99A');
    expect(rng.requests).toEqual([4, 2, 1]);
    expect(rng.consumed).toBe(7);
  });

  it('consumes no extra bytes when every byte is accepted', () => {
    const rng = new ScriptedRandom(new Array(15).fill(100));
    expect(value(randomAlphanumeric(rng, 15))).toHaveLength(15);
    expect(rng.requests).toEqual([15]);
  });

  it('maps each accepted byte value onto the 62 chars exactly 4 times (no modulo bias)', () => {
    const script = Array.from({ length: ACCEPT_BELOW }, (_, b) => b);
    const counts = new Map<string, number>();
    for (const ch of value(randomAlphanumeric(new ScriptedRandom(script), ACCEPT_BELOW))) {
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    expect([...counts.values()].every((c) => c === 4)).toBe(true);
  });

  it('spreads a seeded source evenly (chi-square over 62 chars stays under the 99.99% bound)', () => {
    const n = 62 * 1000;
    const text = value(randomAlphanumeric(new SeededRandom(0x2545f491), 1024));
    expect(text).toHaveLength(1024);
    const rng = new SeededRandom(0x9e3779b9);
    const counts = new Array(62).fill(0);
    let made = 0;
    while (made < n) {
      for (const ch of value(randomAlphanumeric(rng, 1000))) counts[ALPHANUMERIC.indexOf(ch)]++;
      made += 1000;
    }
    const expected = n / 62;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 61 degrees of freedom: mean 61, P(chi2 > 110) < 1e-4.
    expect(chi2).toBeLessThan(110);
  });

  it('reports RNG_FAILED (and stops) when the RNG only gives unusable bytes', () => {
    const stuck = { calls: 0, bytes(n: number) { this.calls++; return new Uint8Array(n).fill(0xff); } };
    const r = randomAlphanumeric(stuck, 15);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('RNG_FAILED');
    expect(stuck.calls).toBeLessThan(20);
  });

  it('reports RNG_FAILED when the RNG returns no bytes at all', () => {
    const r = randomAlphanumeric({ bytes: () => new Uint8Array(0) }, 8);
    expect(r.ok ? 'ok' : r.error.code).toBe('RNG_FAILED');
  });

  it.each([-1, 1.5, NaN, 1025])('refuses length %s with INVALID_LENGTH', (n) => {
    const r = randomAlphanumeric(new SeededRandom(3), n);
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_LENGTH');
  });

  it('returns the empty string for length 0 without touching the RNG', () => {
    const rng = new ScriptedRandom([]);
    expect(value(randomAlphanumeric(rng, 0))).toBe('');
    expect(rng.requests).toEqual([]);
  });
});
