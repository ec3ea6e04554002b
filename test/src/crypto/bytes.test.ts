import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToBinaryString, concatBytes, utf8Bytes, utf8Encode } from '../../../src/util/bytes';
import { maskSecret } from '../../../src/util/mask';

describe('utf8Bytes', () => {
  it('encodes like Node for any string, including astral chars', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const expected = new Uint8Array(Buffer.from(text, 'utf8'));
        expect(utf8Bytes(text)).toEqual(expected);
        expect(utf8Encode(text, null, 0, true)).toBe(expected.length);
      }),
    );
  });

  it('encodes lone surrogates as U+FFFD, like Node', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }), (codes) => {
        const text = String.fromCharCode(...codes);
        const expected = new Uint8Array(Buffer.from(text, 'utf8'));
        expect(utf8Bytes(text)).toEqual(expected);
        expect(utf8Encode(text, null, 0, true)).toBe(expected.length);
      }),
    );
  });

  it('maps ASCII one byte per char', () => {
    expect(Array.from(utf8Bytes('PK.dn-1@x:y'))).toEqual(Array.from(Buffer.from('PK.dn-1@x:y', 'ascii')));
  });
});

describe('byte helpers', () => {
  it('concatBytes joins in order and bytesToBinaryString makes one char per byte', () => {
    const joined = concatBytes(new Uint8Array([1, 2]), new Uint8Array([255]));
    expect(Array.from(joined)).toEqual([1, 2, 255]);
    expect(bytesToBinaryString(joined)).toBe('\x01\x02\xff');
  });
});

describe('maskSecret', () => {
  it('shows the first 4 chars and an ellipsis', () => {
    expect(maskSecret('KGQQFFlGinIipW9Xn7xQ5U6d6MokPZD4')).toBe('KGQQ…');
  });

  it('never shows a whole secret, however short', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (secret) => {
        const masked = maskSecret(secret);
        expect(masked.endsWith('…')).toBe(true);
        expect(masked.length - 1).toBeLessThan(secret.length);
      }),
    );
    expect(maskSecret('')).toBe('…');
    expect(maskSecret(undefined)).toBe('…');
  });
});
