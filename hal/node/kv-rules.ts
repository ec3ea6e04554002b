import type { HalError } from '../types';

// The checks every KV binding on the host applies before touching its medium, so hal/node and hal/mock
// refuse exactly the same keys and values. Pure; no Node imports (hal/mock reuses it).

export interface KvLimits {
  maxKeyLength: number;
  maxValueLength: number;
}

/** True when every character of s fits in 8 bits (Espruino strings on ESP32 are 8-bit). */
export function isEightBit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0xff) return false;
  }
  return true;
}

/** Why this key cannot be used, or null. */
export function checkKey(key: string, limits: KvLimits): HalError | null {
  if (typeof key !== 'string' || key.length === 0) {
    return { code: 'WRITE_FAILED', message: 'the key is empty: give every stored value a name' };
  }
  if (key.length > limits.maxKeyLength) {
    return {
      code: 'KEY_TOO_LONG',
      message: `key "${key}" has ${key.length} characters; this board allows ${limits.maxKeyLength}: use a shorter name`,
    };
  }
  if (!isEightBit(key)) {
    return { code: 'WRITE_FAILED', message: 'the key has characters above 0xFF: keys are 8-bit strings' };
  }
  return null;
}

/** Why this value cannot be stored, or null. */
export function checkValue(value: string, limits: KvLimits): HalError | null {
  if (typeof value !== 'string') {
    return { code: 'WRITE_FAILED', message: 'the value is not a string: serialise it first' };
  }
  if (value.length > limits.maxValueLength) {
    return {
      code: 'FULL',
      message: `value of ${value.length} characters exceeds this board's limit of ${limits.maxValueLength}`,
    };
  }
  if (!isEightBit(value)) {
    return {
      code: 'WRITE_FAILED',
      message: 'the value has characters above 0xFF: values are 8-bit strings (encode text as UTF-8 bytes first)',
    };
  }
  return null;
}

/** The FULL error for a store that has no room left. */
export function storeFull(needed: number, free: number): HalError {
  return { code: 'FULL', message: `the store is full: ${needed} characters needed, ${free} free; remove unused keys` };
}
