// Random alphanumerics from the board's hardware RNG, without modulo bias.

import type { Random } from '../../hal/types';

/** The 62 characters [A-Za-z0-9], in that order. */
export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Bytes below this (62 * 4) map evenly onto the 62 characters with `byte % 62`; the rest are rejected. */
export const ACCEPT_BELOW = 248;

/** Longest string randomAlphanumeric makes, to keep memory bounded. */
export const MAX_RANDOM_LENGTH = 1024;

export interface RandomError {
  /** INVALID_LENGTH: length not an integer in 0..MAX_RANDOM_LENGTH. RNG_FAILED: the RNG gave too few usable bytes. */
  code: 'INVALID_LENGTH' | 'RNG_FAILED';
  message: string;
}

export type RandomResult = { ok: true; value: string } | { ok: false; error: RandomError };

/**
 * `length` chars of [A-Za-z0-9]. Asks the RNG for exactly as many bytes as chars are still missing, keeps bytes
 * < 248 (as byte % 62) and asks again for the rest. A healthy RNG rejects 1 byte in 32; an RNG that keeps giving
 * unusable bytes (or none) is reported after 8 * length + 64 bytes were requested.
 */
export function randomAlphanumeric(random: Random, length: number): RandomResult {
  if (typeof length !== 'number' || Math.floor(length) !== length || length < 0 || length > MAX_RANDOM_LENGTH) {
    return fail('INVALID_LENGTH', 'random length must be an integer from 0 to ' + MAX_RANDOM_LENGTH);
  }
  let out = '';
  let budget = 8 * length + 64;
  while (out.length < length) {
    const want = length - out.length;
    if (want > budget) {
      return fail('RNG_FAILED', 'the hardware RNG gave too few usable bytes (' + out.length + ' of ' + length + ')');
    }
    budget -= want;
    const bytes = random.bytes(want);
    const n = Math.min(bytes.length, want);
    for (let i = 0; i < n; i++) {
      if (bytes[i] < ACCEPT_BELOW) out += ALPHANUMERIC.charAt(bytes[i] % 62);
    }
  }
  return { ok: true, value: out };
}

function fail(code: RandomError['code'], message: string): RandomResult {
  return { ok: false, error: { code: code, message: message } };
}
