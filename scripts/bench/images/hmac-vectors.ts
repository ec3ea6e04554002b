// What the crypto benchmark signs, in Node and in the Espruino-profile image alike: the MQTT login signature of
// one device (spec/protocol.md §3), i.e. hex(HMAC-SHA256(DeviceSecret, content)) exactly as src/auth makes it.
// ES5-safe: the bench image imports it too.
import { deviceSignContent } from '../../../src/auth/sign';

export const BENCH_PRODUCT_KEY = 'a1B2c3D4e5F';
export const BENCH_DEVICE_NAME = 'AABBCC000001';
/** A DeviceSecret has 32 characters. */
export const BENCH_DEVICE_SECRET = 'Sx9qT2mVb8LkR4wZp1NcY7hJd3FgU6eA';
export const BENCH_SIGN_CONTENT = deviceSignContent(
  BENCH_PRODUCT_KEY + '.' + BENCH_DEVICE_NAME,
  BENCH_DEVICE_NAME,
  BENCH_PRODUCT_KEY,
  '1700000000000',
);
