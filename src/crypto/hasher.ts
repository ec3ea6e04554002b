// One face for every hash: the board's native function when the HAL offers it, our own otherwise.

import type { NativeHash } from '../../hal/types';
import { concatBytes } from '../util/bytes';
import { BLOCK_SIZE } from './block-hash';
import { MD5_DIGEST_SIZE, Md5 } from './md5';
import { SHA1_DIGEST_SIZE, Sha1 } from './sha1';
import { SHA256_DIGEST_SIZE, Sha256 } from './sha256';
import '../features';

export type HashName = 'sha256' | 'sha1' | 'md5';

export const HASH_NAMES: HashName[] = ['sha256', 'sha1', 'md5'];

/** A one-shot hash function with the sizes HMAC needs. Synchronous and not re-entrant. */
export interface Hasher {
  readonly name: HashName;
  /** Input block size in bytes (64 for all three). */
  readonly blockSize: number;
  /** Digest size in bytes. */
  readonly digestSize: number;
  /** true when the board computes it. */
  readonly native: boolean;
  digest(data: Uint8Array): Uint8Array;
  /** The digest of the concatenation of parts. */
  digestParts(parts: Uint8Array[]): Uint8Array;
}

interface StreamingHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

/** Digest sizes by name. */
export function digestSizeOf(name: HashName): number {
  if (name === 'sha256') return SHA256_DIGEST_SIZE;
  if (name === 'sha1') return SHA1_DIGEST_SIZE;
  return MD5_DIGEST_SIZE;
}

/** Only a board that claims native hashes (caps.hasNativeHash) and lacks one meets this. */
const NO_HASH = 'neither this image nor the board has ';

const pureHashers: { [name: string]: Hasher | undefined } = {};

/** Our own implementation; one instance (and one set of work arrays) per algorithm, made on first use. */
export function pureHasher(name: HashName): Hasher {
  let hasher = pureHashers[name];
  if (!hasher) {
    hasher = streamingHasher(name, newStreamingHash(name));
    pureHashers[name] = hasher;
  }
  return hasher;
}

/** The native hash when `native` has it, else ours: `hashFor(hal.hash, 'sha256')`. */
export function hashFor(native: NativeHash | undefined, name: HashName): Hasher {
  if (native && typeof native[name] === 'function') {
    const board = native;
    return nativeHasher(name, (data) => (board[name] as (d: Uint8Array) => Uint8Array)(data));
  }
  if (ALIOT_PURE_HASH || ALIOT_SIGN_MD5) {
    return pureHasher(name);
  }
  throw new Error(NO_HASH + name);
}

function newStreamingHash(name: HashName): StreamingHash {
  if (ALIOT_PURE_HASH) {
    if (name === 'sha256') return new Sha256();
    if (name === 'sha1') return new Sha1();
  }
  if (ALIOT_SIGN_MD5) {
    if (name === 'md5') return new Md5();
  }
  throw new Error(NO_HASH + name);
}

function streamingHasher(name: HashName, state: StreamingHash): Hasher {
  return {
    name: name,
    blockSize: BLOCK_SIZE,
    digestSize: digestSizeOf(name),
    native: false,
    digest: (data) => {
      state.update(data);
      return state.digest();
    },
    digestParts: (parts) => {
      for (let i = 0; i < parts.length; i++) state.update(parts[i]);
      return state.digest();
    },
  };
}

function nativeHasher(name: HashName, fn: (data: Uint8Array) => Uint8Array): Hasher {
  return {
    name: name,
    blockSize: BLOCK_SIZE,
    digestSize: digestSizeOf(name),
    native: true,
    digest: fn,
    digestParts: (parts) => fn(joinParts(parts)),
  };
}

function joinParts(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  if (parts.length === 2) return concatBytes(parts[0], parts[1]);
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i].length;
  const out = new Uint8Array(n);
  n = 0;
  for (let i = 0; i < parts.length; i++) {
    out.set(parts[i], n);
    n += parts[i].length;
  }
  return out;
}
