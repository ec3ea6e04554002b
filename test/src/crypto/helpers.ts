// Test helpers shared by the crypto and auth tests: node:crypto as the oracle and as a "native" HAL hash,
// and scripted / seeded byte sources standing in for the hardware RNG.

import { createHash, createHmac } from 'node:crypto';
import type { NativeHash, Random } from '../../../hal/types';
import type { HashName } from '../../../src/crypto/hasher';

export function nodeDigest(name: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(name).update(data).digest());
}

export function nodeHmac(name: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac(name, key).update(data).digest());
}

/** A board whose hashes are native (node:crypto), counting calls per algorithm. */
export function countingNativeHash(): { hash: NativeHash; calls: Record<HashName, number> } {
  const calls: Record<HashName, number> = { sha256: 0, sha1: 0, md5: 0 };
  const make = (name: HashName) => (data: Uint8Array) => {
    calls[name]++;
    return nodeDigest(name, data);
  };
  return { hash: { sha256: make('sha256'), sha1: make('sha1'), md5: make('md5') }, calls };
}

/** Hands out the scripted bytes in order and records how many bytes each call asked for. */
export class ScriptedRandom implements Random {
  readonly requests: number[] = [];
  private next = 0;

  constructor(private readonly script: number[]) {}

  bytes(n: number): Uint8Array {
    this.requests.push(n);
    const out = new Uint8Array(Math.max(0, Math.min(n, this.script.length - this.next)));
    for (let i = 0; i < out.length; i++) out[i] = this.script[this.next++];
    return out;
  }

  get consumed(): number {
    return this.next;
  }
}

/** A deterministic byte source (xorshift32) for distribution checks. */
export class SeededRandom implements Random {
  constructor(private state: number) {}

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let x = this.state;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      this.state = x >>> 0;
      out[i] = this.state >>> 24;
    }
    return out;
  }
}

/** The empty HAL hash: every algorithm falls back to our own. */
export const noNativeHash: NativeHash = {};

export const pureHal = { hash: noNativeHash, random: new SeededRandom(1) };

export function nativeHal() {
  return { hash: countingNativeHash().hash, random: new SeededRandom(2) };
}
