// Reconnect backoff: exponential with full jitter, a cap, and a reset only after a connection that lasted.
//
// Pure: the random value arrives as a parameter (from the HAL's RNG), so the policy is property-testable and
// a fleet of devices that lose the cloud together come back spread over the whole window, not in lock-step.

export interface BackoffPolicy {
  /** Window of the first retry, ms. */
  baseMs: number;
  /** Largest window, ms. */
  capMs: number;
  /** A connection must stay up this long before the attempt count resets. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 120000, stableMs: 60000 };

/** The window for the given attempt (0 = first retry): min(cap, base * 2^attempt). */
export function backoffWindow(policy: BackoffPolicy, attempt: number): number {
  let window = policy.baseMs;
  for (let i = 0; i < attempt && window < policy.capMs; i++) window *= 2;
  return window < policy.capMs ? window : policy.capMs;
}

/**
 * The delay before retry number `attempt`: uniform in [0, window) drawn from `random32`, an unsigned 32-bit
 * value from the hardware RNG ("full jitter").
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random32: number): number {
  const window = backoffWindow(policy, attempt);
  return Math.floor((random32 / 4294967296) * window);
}

/** The attempt count after a connection that stayed up `upMs`: reset if it was stable, else kept. */
export function attemptsAfterConnection(policy: BackoffPolicy, attempt: number, upMs: number): number {
  return upMs >= policy.stableMs ? 0 : attempt;
}

/** An unsigned 32-bit integer from four random bytes. */
export function random32From(bytes: Uint8Array): number {
  return ((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!;
}
