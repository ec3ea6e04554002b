// Native SHA-256 and SHA-1 from require("crypto") (spec/espruino.md §1d): they take an 8-bit string and
// return an ArrayBuffer. There is no MD5.
import type { NativeHash } from '../types';
import { bytesToString } from './bytes';
import { loadCrypto } from './natives';

function digestWith(fn: (data: string) => ArrayBuffer): (data: Uint8Array) => Uint8Array {
  return function (data: Uint8Array): Uint8Array {
    return new Uint8Array(fn(bytesToString(data)));
  };
}

/** The hashes this build computes natively (empty when it has no crypto module). */
export function espruinoHash(): NativeHash {
  const crypto = loadCrypto();
  const hash: NativeHash = {};
  if (!crypto) return hash;
  if (typeof crypto.SHA256 === 'function') hash.sha256 = digestWith(crypto.SHA256);
  if (typeof crypto.SHA1 === 'function') hash.sha1 = digestWith(crypto.SHA1);
  return hash;
}
