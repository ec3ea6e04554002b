// Reconnect backoff: exponential with full jitter and a cap. The attempt count it is given is reset by the link
// only after a connection that lasted (stableMs).
//
// Pure: the random bytes arrive as a parameter (from the HAL's RNG), so the policy is property-testable and
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

/**
 * The delay before retry number `attempt` (0 = first retry): uniform in [0, window) with
 * window = min(cap, base * 2^attempt), drawn from four bytes of the hardware RNG read as an unsigned 32-bit
 * value ("full jitter"). All four bytes 0xff give window - 1.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: Uint8Array): number {
  let window = policy.baseMs;
  for (let i = 0; i < attempt && window < policy.capMs; i++) window *= 2;
  if (window > policy.capMs) window = policy.capMs;
  const random32 = ((random[0]! << 24) >>> 0) + (random[1]! << 16) + (random[2]! << 8) + random[3]!;
  return Math.floor((random32 / 4294967296) * window);
}
