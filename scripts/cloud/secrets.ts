// Identifiers and secrets the cloud issues: crypto.randomBytes mapped onto [A-Za-z0-9] without modulo bias.

import { randomBytes, timingSafeEqual } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 62 * 4 = 248: bytes at or above are redrawn so every char is equally likely. */
const UNBIASED_LIMIT = 248;

/** n random chars of [A-Za-z0-9]. */
export function randomAlnum(n: number): string {
  let out = '';
  while (out.length < n) {
    const bytes = randomBytes(n - out.length + 8);
    for (let i = 0; i < bytes.length && out.length < n; i++) {
      if (bytes[i] < UNBIASED_LIMIT) out += ALNUM.charAt(bytes[i] % 62);
    }
  }
  return out;
}

/** 11 chars, 'a1' + 9 alphanumerics, the shape the console issues. */
export function newProductKey(): string {
  return 'a1' + randomAlnum(9);
}

/** 16 alphanumerics, as the console issues. */
export function newProductSecret(): string {
  return randomAlnum(16);
}

/** 32 alphanumerics, as the console and dynamic registration issue. */
export function newDeviceSecret(): string {
  return randomAlnum(32);
}

/** The clientId a registration-free device logs in with: `${PK}.${DN}.<8 alnum>` (at most 62 chars). */
export function newRegnwlClientId(productKey: string, deviceName: string): string {
  return productKey + '.' + deviceName + '.' + randomAlnum(8);
}

/** deviceToken (regnwl) and iotToken (/auth/devicename): 32 alphanumerics. */
export function newToken(): string {
  return randomAlnum(32);
}

/** iotId: 20 alphanumerics, stable per device once issued. */
export function newIotId(): string {
  return randomAlnum(20);
}

/** Constant-time equality of two strings (false when the lengths differ). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
