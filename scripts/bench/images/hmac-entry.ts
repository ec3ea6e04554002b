// Bench image for the Espruino-profile runner (scripts/bench/crypto-profile.ts builds it with the image pipeline:
// lower → bundle → Espruino pass → dialect gate). It exposes `aliotBench` on the global object; the host calls
// aliotBench.pure(n) / aliotBench.native(n) and times each call from outside. Each computes n login signatures
// with src/crypto's HMAC and returns the last one, so the host can check it.
// - pure:   our ES5 SHA-256 inside the engine;
// - native: our HMAC over `aliotBenchHost.sha256`, a host function the bench installs (node:crypto across the
//           profile's bridge). The profile has no native hash of its own.
import type { NativeHash } from '../../../hal/types';
import { hashFor, hmacHex, pureHasher, type Hasher } from '../../../src/crypto/index';
import { BENCH_DEVICE_SECRET, BENCH_SIGN_CONTENT } from './hmac-vectors';

// Module-local, so this file type-checks in the host world too (tsconfig.json sees scripts/**).
declare const global: { [name: string]: unknown };

function signatures(hasher: Hasher, n: number): string {
  let last = '';
  for (let i = 0; i < n; i++) last = hmacHex(hasher, BENCH_DEVICE_SECRET, BENCH_SIGN_CONTENT, 'upper');
  return last;
}

function hostHash(): NativeHash {
  const host = global['aliotBenchHost'] as NativeHash | undefined;
  return host && typeof host.sha256 === 'function' ? { sha256: host.sha256 } : {};
}

global['aliotBench'] = {
  pure: function (n: number): string {
    return signatures(pureHasher('sha256'), n);
  },
  native: function (n: number): string {
    const hasher = hashFor(hostHash(), 'sha256');
    return hasher.native ? signatures(hasher, n) : 'no native sha256';
  },
};
