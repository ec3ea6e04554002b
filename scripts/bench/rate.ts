// Operations per second of a batched operation: grow the batch until one batch takes at least minMs, then report
// that batch's rate. `op(n)` performs n operations.

import { performance } from 'node:perf_hooks';

export interface RateOptions {
  /** A measured batch must take at least this long; default 300 ms. */
  minMs?: number;
  /** Largest factor one calibration step may grow the batch by; default 8. */
  maxGrowth?: number;
}

/**
 * The next batch size after a batch of n took elapsedMs: aims 20% past minMs, grows by at most maxGrowth and at
 * least by one operation, so a batch never jumps far past the target (the profile limits how long one call runs).
 */
export function nextBatch(n: number, elapsedMs: number, minMs: number, maxGrowth = 8): number {
  const factor = elapsedMs > 0 ? (minMs * 1.2) / elapsedMs : maxGrowth;
  return Math.max(n + 1, Math.ceil(n * Math.min(maxGrowth, factor)));
}

/** Operations per second, rounded; the first batches warm up and calibrate, the last one is the measurement. */
export function measureRate(op: (n: number) => void, options: RateOptions = {}): number {
  const minMs = options.minMs ?? 300;
  let n = 1;
  for (;;) {
    const start = performance.now();
    op(n);
    const elapsed = performance.now() - start;
    if (elapsed >= minMs) return Math.round((n * 1000) / elapsed);
    n = nextBatch(n, elapsed, minMs, options.maxGrowth);
  }
}
