// Time arithmetic on the HAL's monotonic clock, which is a 32-bit millisecond counter that wraps to 0
// (hal/types.ts Clock.now). Never subtract two readings directly: use these.

const WRAP = 4294967296; // 2^32

/** Milliseconds from `since` to `now`, correct across one wrap of the counter. */
export function elapsedMs(since: number, now: number): number {
  const d = now - since;
  return d >= 0 ? d : d + WRAP;
}

/** True once `periodMs` have passed since `since`. */
export function hasElapsed(since: number, now: number, periodMs: number): boolean {
  return elapsedMs(since, now) >= periodMs;
}
