// A comparison of two implementations that is fair by construction: both sides do the same work on the same inputs
// (the caller checks they give the same output before timing), each is warmed up, then timed in rounds whose order
// alternates (ours first in even rounds, theirs first in odd ones), each side in a window of at least `windowMs`.
// A round's ratio compares the two windows of that round, so slow phases of a busy machine hit both sides alike;
// the result is the median ratio over the rounds with its spread, and the medians of the rounds each side went
// first: when those two disagree by more than the spread, the order decided the result and the figure says so.

import { performance } from 'node:perf_hooks';
import { median, round } from './stats';

/** One side of a comparison: `run(n)` does n operations. */
export interface Contender {
  name: string;
  run(n: number): void;
}

export interface CompareOptions {
  /** Timed rounds (each times both sides once); default 6, so each side goes first 3 times. */
  rounds?: number;
  /** Each side's timed window per round, at least; default 1,000 ms. */
  windowMs?: number;
  /** Untimed running of each side before the first round; default 300 ms. */
  warmupMs?: number;
}

export interface Comparison {
  /** One line: exactly what is compared. */
  what: string;
  ours: { name: string; opsPerSec: number[]; medianOpsPerSec: number };
  theirs: { name: string; opsPerSec: number[]; medianOpsPerSec: number };
  /** ours / theirs per round, in round order (above 1: ours is faster). */
  ratios: number[];
  /** Median of `ratios`, and its spread (lowest and highest round). */
  ratio: number;
  spread: [number, number];
  /** Median ratio over the rounds where ours ran first, and where theirs ran first. */
  oursFirstRatio: number;
  theirsFirstRatio: number;
  /** True when the two order medians lie further apart than the whole spread allows for. */
  orderDecides: boolean;
  rounds: number;
  windowMs: number;
}

/** Runs `side` in batches until at least `ms` have passed; operations per second over the whole window. */
export function timeWindow(side: Contender, batch: number, ms: number): number {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    side.run(batch);
    ops += batch;
    elapsed = performance.now() - start;
  }
  return (ops * 1000) / elapsed;
}

/** A batch that takes about `targetMs`: small enough that a window holds many, large enough to dwarf the clock. */
export function calibrate(side: Contender, targetMs: number): number {
  let n = 1;
  for (;;) {
    const start = performance.now();
    side.run(n);
    const elapsed = performance.now() - start;
    if (elapsed >= targetMs || n >= 1 << 30) return n;
    // Aim a little past the target, but grow at most 8-fold per step so a batch never overshoots by much.
    n = elapsed > 0 ? Math.max(n + 1, Math.min(n * 8, Math.ceil((n * targetMs * 1.2) / elapsed))) : n * 8;
  }
}

export function compare(what: string, ours: Contender, theirs: Contender, options: CompareOptions = {}): Comparison {
  const rounds = Math.max(2, options.rounds ?? 6);
  const windowMs = options.windowMs ?? 1000;
  const warmupMs = options.warmupMs ?? 300;
  const batchMs = Math.max(1, Math.min(20, windowMs / 50));
  const batches = [calibrate(ours, batchMs), calibrate(theirs, batchMs)];
  timeWindow(ours, batches[0]!, warmupMs);
  timeWindow(theirs, batches[1]!, warmupMs);
  const oursRates: number[] = [];
  const theirsRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      oursRates.push(timeWindow(ours, batches[0]!, windowMs));
      theirsRates.push(timeWindow(theirs, batches[1]!, windowMs));
    } else {
      theirsRates.push(timeWindow(theirs, batches[1]!, windowMs));
      oursRates.push(timeWindow(ours, batches[0]!, windowMs));
    }
  }
  return summarise(what, ours.name, theirs.name, oursRates, theirsRates, windowMs);
}

/** The figures of a comparison from its per-round rates (round r: ours first when r is even). */
export function summarise(
  what: string,
  oursName: string,
  theirsName: string,
  oursRates: number[],
  theirsRates: number[],
  windowMs: number,
): Comparison {
  const ratios = oursRates.map((o, i) => o / theirsRates[i]!);
  const oursFirst = ratios.filter((_, i) => i % 2 === 0);
  const theirsFirst = ratios.filter((_, i) => i % 2 === 1);
  const low = Math.min(...ratios);
  const high = Math.max(...ratios);
  const oursFirstRatio = median(oursFirst);
  const theirsFirstRatio = median(theirsFirst);
  return {
    what,
    ours: { name: oursName, opsPerSec: oursRates.map((x) => Math.round(x)), medianOpsPerSec: Math.round(median(oursRates)) },
    theirs: { name: theirsName, opsPerSec: theirsRates.map((x) => Math.round(x)), medianOpsPerSec: Math.round(median(theirsRates)) },
    ratios: ratios.map((x) => round(x, 3)),
    ratio: round(median(ratios), 2),
    spread: [round(low, 2), round(high, 2)],
    oursFirstRatio: round(oursFirstRatio, 2),
    theirsFirstRatio: round(theirsFirstRatio, 2),
    // Both order medians lie inside [low, high] by construction; what matters is whether the ratio's side of 1
    // (who leads) flips with the order.
    orderDecides: (oursFirstRatio - 1) * (theirsFirstRatio - 1) < 0,
    rounds: ratios.length,
    windowMs,
  };
}

/** "1.62× (1.48–1.71, 6 rounds of 1 s; ours first 1.60, theirs first 1.64)". */
export function describeRatio(c: Comparison): string {
  return (
    `${c.ratio.toFixed(2)}× (${c.spread[0].toFixed(2)}–${c.spread[1].toFixed(2)}, ${c.rounds} rounds of ${c.windowMs / 1000} s; ` +
    `ours first ${c.oursFirstRatio.toFixed(2)}, theirs first ${c.theirsFirstRatio.toFixed(2)}${c.orderDecides ? '; ORDER DECIDES' : ''})`
  );
}
