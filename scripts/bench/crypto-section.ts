// The crypto section: HMAC-SHA256 login signatures per second, pure and native, in Node and in the
// Espruino-profile runner (scripts/bench/crypto.ts). One row per environment and path, saying what runs.

import { benchCrypto } from './crypto';
import type { BenchSection } from './types';

export const cryptoSection: BenchSection = {
  name: 'crypto',
  title: 'Crypto: HMAC-SHA256 signatures per second (one MQTT login signature each)',
  async run() {
    const r = await benchCrypto();
    const o = r.opsPerSec;
    return {
      table: {
        columns: ['environment', 'path', 'what computes SHA-256', 'signatures/s'],
        rows: [
          ['Node', 'pure', 'src/crypto Sha256 (our ES5 code, V8 JIT)', o.nodePure],
          ['Node', 'native', 'node:crypto, under our HMAC (hal/node nodeHash)', o.nodeNative],
          ['Node', 'reference', 'node:crypto createHmac (whole HMAC native)', o.nodeCreateHmac],
          ['profile', 'pure', 'src/crypto Sha256 in the built image (QuickJS)', o.profilePure],
          ['profile', 'native', 'host function: node:crypto across the bridge', o.profileNative],
        ],
      },
      figures: {
        nodePureOpsPerSec: o.nodePure,
        nodeNativeOpsPerSec: o.nodeNative,
        nodeCreateHmacOpsPerSec: o.nodeCreateHmac,
        profilePureOpsPerSec: o.profilePure,
        profileNativeOpsPerSec: o.profileNative,
        pureToNodeCryptoRatio: r.pureToNodeCryptoRatio,
      },
      json: r,
      note:
        `key ${r.keyChars} chars, content ${r.contentChars} chars, hex output; median of ${r.repeats} runs; ` +
        `profile = QuickJS (wasm) on this host behind the Espruino prelude, image ${r.imageBytes} bytes: ` +
        `not the speed of Espruino on an ESP32, whose native path (require("crypto").SHA256) is not timed here`,
    };
  },
};
