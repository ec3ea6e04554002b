import type { Random } from '../types';

/**
 * A seeded pseudo-random generator (sfc32, a small-state counter-based PRNG) standing in for the
 * hardware RNG: the same seed gives the same bytes, run after run.
 */
export class SeededRandom implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number = 1) {
    // Spread the one seed number over the four state words, then discard the first outputs so that
    // nearby seeds give unrelated streams.
    const s = Math.floor(seed) >>> 0;
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = s ^ 0xdeadbeef;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** The next 32-bit output. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  bytes(n: number): Uint8Array {
    const count = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i += 4) {
      let word = this.next();
      for (let j = i; j < i + 4 && j < count; j++) {
        out[j] = word & 0xff;
        word >>>= 8;
      }
    }
    return out;
  }
}
