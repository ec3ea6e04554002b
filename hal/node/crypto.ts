import { createHash, randomBytes } from 'node:crypto';
import type { NativeHash, Random } from '../types';

/** The operating system's CSPRNG. */
export const nodeRandom: Random = {
  bytes(n: number): Uint8Array {
    const count = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
    return new Uint8Array(randomBytes(count));
  },
};

function digest(algorithm: string): (data: Uint8Array) => Uint8Array {
  return (data) => new Uint8Array(createHash(algorithm).update(data).digest());
}

/** SHA-256, SHA-1 and MD5 from node:crypto. */
export const nodeHash: NativeHash = {
  sha256: digest('sha256'),
  sha1: digest('sha1'),
  md5: digest('md5'),
};
