// HMAC (RFC 2104) over any Hasher with a 64-byte block: SHA-256, SHA-1 and MD5, pure or native.

import { utf8Bytes } from '../util/bytes';
import type { Hasher } from './hasher';
import { toHex, type HexCase } from './hex';

const IPAD = 0x36;
/** OPAD ^ IPAD: turns the inner pad into the outer pad in place. */
const IPAD_TO_OPAD = 0x5c ^ 0x36;

/** HMAC(key, message) with the given hash. Allocates one block-sized pad per call. */
export function hmac(hasher: Hasher, key: Uint8Array, message: Uint8Array): Uint8Array {
  const blockSize = hasher.blockSize;
  const k = key.length > blockSize ? hasher.digest(key) : key;
  const pad = new Uint8Array(blockSize);
  for (let i = 0; i < blockSize; i++) pad[i] = (i < k.length ? k[i] : 0) ^ IPAD;
  const inner = hasher.digestParts([pad, message]);
  for (let i = 0; i < blockSize; i++) pad[i] ^= IPAD_TO_OPAD;
  return hasher.digestParts([pad, inner]);
}

/** Hex HMAC of two strings, each taken as its UTF-8 bytes: how Alibaba's signatures are made. */
export function hmacHex(hasher: Hasher, key: string, message: string, hexCase: HexCase = 'upper'): string {
  return toHex(hmac(hasher, utf8Bytes(key), utf8Bytes(message)), hexCase);
}
