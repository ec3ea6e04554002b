// The iotToken of HTTPS authentication is valid for 7 days (protocol.md §4). The board may have no wall clock
// (ESP32 before SNTP), so a token's age is known in one of two ways:
// - obtainedAt: the monotonic clock (hal.clock.now()) when it was obtained. Meaningful in this boot only, and
//   only while less than 2^32 ms (49.7 days) have passed — check at least that often, or anchor it (below);
// - expiresAtWall: its expiry in wall time (ms since 1970), set when the wall clock was known at obtain time, or
//   later by anchorTokenExpiry() once SNTP has set the clock. Only this survives a reboot (the store keeps it).
// A token with neither (loaded after a reboot that happened before SNTP) is UNKNOWN: the caller may try it —
// the cloud answers an invalid token with CONNACK 3 — and authenticate again on refusal, or authenticate now.

import type { Clock } from '../../hal/types';
import { elapsedMs } from '../util/time';

export const IOT_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000;

/** Tokens are treated as expired this long before their end, so a connect never races the expiry. */
export const IOT_TOKEN_MARGIN_MS = 3600 * 1000;

export interface IotToken {
  productKey: string;
  deviceName: string;
  iotId: string;
  iotToken: string;
  /** resources.mqtt: where the MQTT session must connect (it may be another region than the auth host). */
  host: string;
  port: number;
  /** hal.clock.now() when obtained, in this boot; absent for a token loaded from flash. */
  obtainedAt?: number;
  /** Wall-clock expiry (ms since 1970), when known. */
  expiresAtWall?: number;
}

export type TokenFreshness = 'FRESH' | 'EXPIRED' | 'UNKNOWN';

/** Whether the token can still be used, by the wall clock when both sides know it, else by the monotonic clock. */
export function tokenFreshness(token: IotToken, clock: Clock, marginMs?: number): TokenFreshness {
  const margin = marginMs === undefined ? IOT_TOKEN_MARGIN_MS : marginMs;
  const wall = clock.wallTime();
  if (token.expiresAtWall !== undefined && wall !== undefined) return wall < token.expiresAtWall - margin ? 'FRESH' : 'EXPIRED';
  if (token.obtainedAt !== undefined) return elapsedMs(token.obtainedAt, clock.now()) < IOT_TOKEN_TTL_MS - margin ? 'FRESH' : 'EXPIRED';
  return 'UNKNOWN';
}

/**
 * Gives a token obtained in this boot its wall-clock expiry once the wall clock is known. Returns true when it
 * changed the token (save it again so the expiry survives a reboot).
 */
export function anchorTokenExpiry(token: IotToken, clock: Clock): boolean {
  if (token.expiresAtWall !== undefined || token.obtainedAt === undefined) return false;
  const wall = clock.wallTime();
  if (wall === undefined) return false;
  token.expiresAtWall = wall - elapsedMs(token.obtainedAt, clock.now()) + IOT_TOKEN_TTL_MS;
  return true;
}
