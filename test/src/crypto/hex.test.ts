import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/crypto/hex';

describe('hex', () => {
  it('encodes like Buffer in both cases, upper by default', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const lower = Buffer.from(bytes).toString('hex');
        expect(toHex(bytes, 'lower')).toBe(lower);
        expect(toHex(bytes, 'upper')).toBe(lower.toUpperCase());
        expect(toHex(bytes)).toBe(lower.toUpperCase());
      }),
    );
  });

  it('decodes what it encodes, in either case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(fromHex(toHex(bytes, 'upper'))).toEqual(bytes);
        expect(fromHex(toHex(bytes, 'lower'))).toEqual(bytes);
      }),
    );
  });

  it.each(['abc', '0g', 'zz', ' 0', '0x12'])('refuses %j (odd length or a non-hex char) with null', (text) => {
    expect(fromHex(text)).toBeNull();
  });
});
