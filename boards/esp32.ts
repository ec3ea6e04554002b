import type { BoardDescriptor } from '../hal/types';
import { LEAN_FEATURES } from './features';

/** A classic ESP32 running the official Espruino build (board `ESP32`, spec/espruino.md §1). */
const esp32: BoardDescriptor = {
  name: 'esp32',
  binding: 'espruino',
  image: { entry: 'firmware/esp32.ts', features: LEAN_FEATURES },
  sizes: {
    // One Alink request or reply fits comfortably; larger packets are drained and reported, never grown into.
    mqttRxBuffer: 2048,
    mqttTxBuffer: 1024,
    // A dynamic-registration reply is about 200 bytes of JSON; 1 KiB leaves room for error bodies.
    httpBodyCap: 1024,
    httpHeaderCap: 1024,
    // Each in-flight QoS1 publish holds its packet until PUBACK: keep the window small.
    qos1Window: 2,
    offlineQueue: 8,
  },
  // Espruino on ESP32 has at most 16383 JsVars of 14 bytes (≈ 224 KiB), fewer in practice: the pool is
  // (free heap at boot − 40000) / 14, and TLS (≈ 32 KiB per connection) comes out of the IDF heap, not JsVars
  // (spec/espruino.md §1b, §1f). 6000 vars (≈ 82 KiB) is what this runtime may use at its peak, leaving the
  // rest to Espruino itself and the user's application. Re-measure with process.memory().total on hardware.
  // On the virtual ESP32 the image peaks near 810 KB of QuickJS memory (most of it the compiled 130 KB image);
  // 1 MiB holds that with room and catches a runaway regression.
  memoryBudget: { limit: 6000, unit: 'jsvars', virtualLimitBytes: 1024 * 1024 },
  // The default eFuse MAC; the DeviceName is its six bytes as upper-case hex without separators.
  identity: { source: 'mac', deviceNameFormat: 'mac-upper' },
  // Passed to tls.connect for completeness; Espruino does not check the server certificate (caps below).
  caBundle: ['globalsign-r1', 'globalsign-r6'],
  caps: {
    // MBEDTLS_SSL_VERIFY_NONE in Espruino's TLS (spec/espruino.md §0.2).
    tlsVerifiesPeer: false,
    // One TLS connection at a time: close the HTTPS registration socket before MQTT-TLS (§1b).
    maxTlsSockets: 1,
    // require("crypto") has SHA1 and SHA256 (no MD5).
    hasNativeHash: true,
    // Storage file names: 28 characters, longer ones are silently truncated (§1a).
    maxKeyLength: 28,
    // Values are read whole into RAM; credentials and config are far smaller.
    maxValueLength: 4096,
  },
};

export default esp32;
