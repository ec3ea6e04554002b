// src/crypto: hashes, HMAC, hex and random alphanumerics for the device runtime.

export { Sha256, SHA256_DIGEST_SIZE } from './sha256';
export { Sha1, SHA1_DIGEST_SIZE } from './sha1';
export { Md5, MD5_DIGEST_SIZE } from './md5';
export { BLOCK_SIZE } from './block-hash';
export { hashFor, pureHasher, digestSizeOf, HASH_NAMES } from './hasher';
export type { Hasher, HashName } from './hasher';
export { hmac, hmacHex } from './hmac';
export { toHex, fromHex } from './hex';
export type { HexCase } from './hex';
export { randomAlphanumeric, ALPHANUMERIC, ACCEPT_BELOW, MAX_RANDOM_LENGTH } from './random';
export type { RandomError, RandomResult } from './random';
