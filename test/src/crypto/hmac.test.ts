import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashFor, pureHasher, HASH_NAMES } from '../../../src/crypto/hasher';
import { toHex } from '../../../src/crypto/hex';
import { hmac, hmacHex } from '../../../src/crypto/hmac';
import { utf8Bytes } from '../../../src/util/bytes';
import { countingNativeHash, nodeHmac } from './helpers';

const FOX = 'The quick brown fox jumps over the lazy dog';

describe('hmac', () => {
  it.each([
    ['sha256', 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8'],
    ['sha1', 'de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9'],
    ['md5', '80070713463e7749b90c2dc24911e275'],
  ] as const)('matches the published HMAC-%s of key "key" over the fox sentence', (name, expected) => {
    expect(hmacHex(pureHasher(name), 'key', FOX, 'lower')).toBe(expected);
  });

  describe.each(HASH_NAMES)('%s', (name) => {
    const pure = pureHasher(name);
    const native = hashFor(countingNativeHash().hash, name);

    it('equals node:crypto on random keys and messages, pure and native', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (key, message) => {
          const expected = nodeHmac(name, key, message);
          expect(hmac(pure, key, message)).toEqual(expected);
          expect(hmac(native, key, message)).toEqual(expected);
        }),
        { numRuns: 200 },
      );
    });

    it.each([0, 1, 55, 56, 63, 64, 65, 128, 129])('equals node:crypto with a key of %i bytes (hashed when over 64)', (n) => {
      const key = new Uint8Array(n).map((_, i) => i + 1);
      for (const length of [0, 55, 56, 63, 64, 65, 5000]) {
        const message = new Uint8Array(length).map((_, i) => i * 3);
        expect(hmac(pure, key, message)).toEqual(nodeHmac(name, key, message));
        expect(hmac(native, key, message)).toEqual(nodeHmac(name, key, message));
      }
    });

    it('hmacHex keys and messages with the UTF-8 bytes of the strings', () => {
      fc.assert(
        fc.property(fc.string(), fc.string(), (key, message) => {
          const expected = toHex(nodeHmac(name, Buffer.from(key, 'utf8'), Buffer.from(message, 'utf8')), 'upper');
          expect(hmacHex(pure, key, message)).toBe(expected);
          expect(utf8Bytes(key)).toEqual(new Uint8Array(Buffer.from(key, 'utf8')));
        }),
        { numRuns: 100 },
      );
    });
  });
});
