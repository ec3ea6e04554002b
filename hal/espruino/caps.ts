// What the Espruino binding can do on an ESP32 (spec/espruino.md §0.2, §1a, §1b, §1d).
import type { Capabilities } from '../types';

export const ESPRUINO_CAPS: Capabilities = {
  // MBEDTLS_SSL_VERIFY_NONE: Espruino's TLS does not check the server certificate.
  tlsVerifiesPeer: false,
  // One TLS connection at a time for memory (≈ 32 KB of mbedtls buffers each).
  maxTlsSockets: 1,
  // require("crypto") has SHA1 and SHA256.
  hasNativeHash: true,
  // Storage file names: 28 characters, longer ones are silently truncated.
  maxKeyLength: 28,
  maxValueLength: 4096,
};
