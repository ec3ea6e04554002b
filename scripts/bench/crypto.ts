// HMAC-SHA256 signatures per second: our pure ES5 path and a native path, in Node and in the Espruino-profile
// runner. What is signed is one MQTT login signature (scripts/bench/images/hmac-vectors.ts), with src/crypto's
// hmacHex exactly as src/auth calls it. Every path's signature is checked against node:crypto's createHmac.
//
// What "native" means differs by environment, and the table says so:
// - Node:    our HMAC over node:crypto SHA-256 (hal/node's nodeHash: what the simulation board runs), and, as a
//            reference, node:crypto's own createHmac (the whole HMAC in C);
// - profile: our HMAC over a host function that computes SHA-256 with node:crypto, each digest crossing the
//            profile's bridge (bytes copied in and out). On a real ESP32 the native path is Espruino's
//            require("crypto").SHA256 (mbedTLS), which this machine cannot time.

import { createHmac } from 'node:crypto';
import { nodeHash } from '../../hal/node/crypto';
import { hashFor, hmacHex, pureHasher, type Hasher } from '../../src/crypto/index';
import { buildHmacImage, profileHmacRates } from './crypto-profile';
import { BENCH_DEVICE_SECRET, BENCH_SIGN_CONTENT } from './images/hmac-vectors';
import { measureRate, type RateOptions } from './rate';
import { medianOfEach, round } from './stats';

export interface CryptoRates {
  nodePure: number;
  nodeNative: number;
  nodeCreateHmac: number;
  profilePure: number;
  profileNative: number;
}

export interface CryptoBenchResult {
  /** Signatures per second, the median of `repeats` runs each. */
  opsPerSec: CryptoRates;
  runs: CryptoRates[];
  repeats: number;
  /** Characters of key and content signed. */
  keyChars: number;
  contentChars: number;
  imageBytes: number;
  /** nodePure / nodeCreateHmac. */
  pureToNodeCryptoRatio: number;
  /** profilePure / nodePure: how much slower the same ES5 code runs in the profile's interpreter. */
  profileToNodeRatio: number;
}

export interface CryptoBenchOptions {
  repeats?: number;
  rate?: RateOptions;
}

/** The signature every path must produce. */
export function expectedSignature(): string {
  return createHmac('sha256', BENCH_DEVICE_SECRET).update(BENCH_SIGN_CONTENT).digest('hex').toUpperCase();
}

function nodeRate(hasher: Hasher, rate: RateOptions, expected: string, label: string): number {
  let last = '';
  const ops = measureRate((n) => {
    for (let i = 0; i < n; i++) last = hmacHex(hasher, BENCH_DEVICE_SECRET, BENCH_SIGN_CONTENT, 'upper');
  }, rate);
  check(last, expected, label);
  return ops;
}

function createHmacRate(rate: RateOptions, expected: string): number {
  let last = '';
  const ops = measureRate((n) => {
    for (let i = 0; i < n; i++) last = createHmac('sha256', BENCH_DEVICE_SECRET).update(BENCH_SIGN_CONTENT).digest('hex');
  }, rate);
  check(last.toUpperCase(), expected, 'node:crypto createHmac');
  return ops;
}

function check(actual: string, expected: string, label: string): void {
  if (actual !== expected) throw new Error(`crypto bench: ${label} signed ${actual}, expected ${expected}`);
}

export async function benchCrypto(opts: CryptoBenchOptions = {}): Promise<CryptoBenchResult> {
  const repeats = opts.repeats ?? 3;
  const rate = opts.rate ?? {};
  const expected = expectedSignature();
  const image = await buildHmacImage();
  const runs: CryptoRates[] = [];
  for (let r = 0; r < repeats; r++) {
    const nodePure = nodeRate(pureHasher('sha256'), rate, expected, 'Node pure');
    const nodeNative = nodeRate(hashFor(nodeHash, 'sha256'), rate, expected, 'Node native');
    const nodeCreateHmac = createHmacRate(rate, expected);
    const profile = await profileHmacRates(image.code, rate);
    check(profile.pureSignature, expected, 'profile pure');
    check(profile.nativeSignature, expected, 'profile native');
    runs.push({ nodePure, nodeNative, nodeCreateHmac, profilePure: profile.pure, profileNative: profile.native });
  }
  const opsPerSec: CryptoRates = medianOfEach(runs);
  return {
    opsPerSec,
    runs,
    repeats,
    keyChars: BENCH_DEVICE_SECRET.length,
    contentChars: BENCH_SIGN_CONTENT.length,
    imageBytes: image.bytes,
    pureToNodeCryptoRatio: round(opsPerSec.nodePure / opsPerSec.nodeCreateHmac, 3),
    profileToNodeRatio: round(opsPerSec.profilePure / opsPerSec.nodePure, 4),
  };
}
