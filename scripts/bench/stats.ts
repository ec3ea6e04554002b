// Small arithmetic shared by the benchmark sections: medians, rates and rounding. Pure, so unit tests check it.

/** The median of the values (the lower middle one for an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** `count` events in `ms` milliseconds, per second, rounded to `digits` decimals (0 for no time). */
export function perSecond(count: number, ms: number, digits = 1): number {
  return ms > 0 ? round((count * 1000) / ms, digits) : 0;
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Per-key medians of a list of records with the same numeric keys. */
export function medianOfEach<K extends string>(runs: Record<K, number>[]): Record<K, number> {
  const out = {} as Record<K, number>;
  if (runs.length === 0) return out;
  for (const key of Object.keys(runs[0]!) as K[]) out[key] = median(runs.map((r) => r[key]));
  return out;
}
