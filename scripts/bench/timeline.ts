// Splitting a stretch of wall-clock time among overlapping kinds of activity. Each layer is a list of intervals;
// a moment covered by several layers counts for the first of them (the layers come in priority order), a moment
// covered by none counts as `other`. The parts add up to the window exactly. Pure.

export type Interval = readonly [start: number, end: number];

export interface Layer {
  name: string;
  intervals: Interval[];
}

export interface Split {
  /** Milliseconds per layer name, in the order given. */
  byLayer: Record<string, number>;
  /** Covered by no layer. */
  other: number;
  /** window end − window start. */
  total: number;
}

/** Splits [start, end] among the layers (earlier layers win overlaps). */
export function splitWindow(start: number, end: number, layers: Layer[]): Split {
  const total = Math.max(0, end - start);
  const byLayer: Record<string, number> = {};
  for (const layer of layers) byLayer[layer.name] = 0;
  const points = new Set<number>([start, end]);
  for (const layer of layers) {
    for (const [a, b] of layer.intervals) {
      if (a > start && a < end) points.add(a);
      if (b > start && b < end) points.add(b);
    }
  }
  const cuts = [...points].filter((p) => p >= start && p <= end).sort((a, b) => a - b);
  let covered = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    const owner = layers.find((layer) => layer.intervals.some(([s, e]) => s <= a && e >= b && e > s));
    if (owner) {
      byLayer[owner.name]! += b - a;
      covered += b - a;
    }
  }
  return { byLayer, other: total - covered, total };
}
