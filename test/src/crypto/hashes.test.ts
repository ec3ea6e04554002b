import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashFor, pureHasher, HASH_NAMES, type HashName } from '../../../src/crypto/hasher';
import { Md5 } from '../../../src/crypto/md5';
import { Sha1 } from '../../../src/crypto/sha1';
import { Sha256 } from '../../../src/crypto/sha256';
import { toHex } from '../../../src/crypto/hex';
import { countingNativeHash, nodeDigest } from './helpers';

const BOUNDARY_LENGTHS = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000];

const KNOWN_ABC: Record<HashName, string> = {
  sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
  md5: '900150983cd24fb0d6963f7d28e17f72',
};

function patterned(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

function newState(name: HashName): Sha256 | Sha1 | Md5 {
  return name === 'sha256' ? new Sha256() : name === 'sha1' ? new Sha1() : new Md5();
}

describe.each(HASH_NAMES)('%s', (name) => {
  const pure = pureHasher(name);

  it('matches the published digest of "abc"', () => {
    expect(toHex(pure.digest(new Uint8Array([97, 98, 99])), 'lower')).toBe(KNOWN_ABC[name]);
  });

  it.each(BOUNDARY_LENGTHS)('pure digest equals node:crypto at block-boundary length %i', (length) => {
    const data = patterned(length);
    expect(pure.digest(data)).toEqual(nodeDigest(name, data));
  });

  it('pure digest equals node:crypto on a long (1 MiB) input', () => {
    const data = patterned(1 << 20);
    expect(pure.digest(data)).toEqual(nodeDigest(name, data));
  });

  it('pure digest equals node:crypto on random inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (data) => {
        expect(pure.digest(data)).toEqual(nodeDigest(name, data));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same digest however the input is split across update calls', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat({ max: 300 }), { maxLength: 6 }), (data, cuts) => {
        const state = newState(name);
        const points = cuts.map((c) => c % (data.length + 1)).sort((a, b) => a - b);
        let from = 0;
        for (const p of points) {
          state.update(data.subarray(from, p));
          from = p;
        }
        state.update(data.subarray(from));
        expect(state.digest()).toEqual(nodeDigest(name, data));
      }),
      { numRuns: 200 },
    );
  });

  it('starts a fresh message after digest(), so one instance serves many messages', () => {
    const state = newState(name);
    state.update(patterned(100));
    state.digest();
    expect(state.update(patterned(10)).digest()).toEqual(nodeDigest(name, patterned(10)));
  });

  it('digestParts equals the digest of the concatenation, pure and native', () => {
    const native = hashFor(countingNativeHash().hash, name);
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 90 }), { minLength: 1, maxLength: 4 }), (parts) => {
        const joined = Buffer.concat(parts);
        expect(pure.digestParts(parts)).toEqual(nodeDigest(name, joined));
        expect(native.digestParts(parts)).toEqual(nodeDigest(name, joined));
      }),
      { numRuns: 100 },
    );
  });

  it('reports its sizes: 64-byte blocks and the algorithm digest size', () => {
    expect(pure.blockSize).toBe(64);
    expect(pure.digestSize).toBe(nodeDigest(name, new Uint8Array(0)).length);
  });
});

describe('hashFor', () => {
  it('uses the native hash when the HAL offers it', () => {
    const board = countingNativeHash();
    const hasher = hashFor(board.hash, 'sha256');
    expect(hasher.native).toBe(true);
    hasher.digest(new Uint8Array(3));
    expect(board.calls.sha256).toBe(1);
  });

  it('falls back to our own implementation per missing algorithm', () => {
    const board = countingNativeHash();
    const partial = { sha1: board.hash.sha1 };
    expect(hashFor(partial, 'sha1').native).toBe(true);
    expect(hashFor(partial, 'sha256').native).toBe(false);
    expect(hashFor(partial, 'md5').native).toBe(false);
    expect(hashFor(undefined, 'md5')).toBe(pureHasher('md5'));
  });

  it('calls the native function as a method of the HAL object', () => {
    const seen: unknown[] = [];
    const hash = {
      tag: 'board',
      sha256(this: unknown, data: Uint8Array) {
        seen.push(this);
        return nodeDigest('sha256', data);
      },
    };
    hashFor(hash, 'sha256').digest(new Uint8Array(1));
    expect(seen[0]).toBe(hash);
  });
});
