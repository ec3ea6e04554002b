// The codec's UTF-8 helpers agree with Node's encoder and with a strict (fatal) WHATWG decoder.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, utf8Bytes, utf8Length, UTF8_INVALID, writeUtf8 } from '../../../../src/mqtt/codec';
import { hex } from './helpers';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function strictDecode(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

describe('UTF-8 encoding matches Node for every well-formed string', () => {
  it('length and bytes equal Buffer.from(str, "utf8") (fast-check over all code points)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        const expected = Buffer.from(s, 'utf8');
        expect(utf8Length(s)).toBe(expected.length);
        const out = new Uint8Array(expected.length + 2).fill(0xee);
        expect(writeUtf8(s, out, 1)).toBe(1 + expected.length);
        expect(Buffer.from(out.subarray(1, 1 + expected.length)).equals(expected)).toBe(true);
        expect(out[0]).toBe(0xee);
        expect(out[out.length - 1]).toBe(0xee);
      }),
      { numRuns: 2000 },
    );
  });

  it('boundary code points U+007F, U+0080, U+07FF, U+0800, U+FFFF, U+10000, U+10FFFF', () => {
    const s = '\u007f\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}';
    expect(Buffer.from(utf8Bytes(s)!).toString('hex')).toBe('7f' + 'c280' + 'dfbf' + 'e0a080' + 'efbfbf' + 'f0908080' + 'f48fbfbf');
  });

  it('a lone high or low surrogate has no UTF-8 form', () => {
    for (const s of ['\ud800', 'a\udbff', '\udc00b', '\udfff\ud800']) {
      expect(utf8Length(s)).toBe(UTF8_INVALID);
      expect(utf8Bytes(s)).toBeNull();
    }
  });
});

describe('UTF-8 decoding is strict', () => {
  it('round-trips every well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        const bytes = new Uint8Array(Buffer.from(s, 'utf8'));
        expect(decodeUtf8(bytes, 0, bytes.length)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly what a fatal WHATWG decoder accepts, with the same result (random bytes)', () => {
    const likely = fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), likely), { maxLength: 12 }), (arr) => {
        const bytes = new Uint8Array(arr);
        expect(decodeUtf8(bytes, 0, bytes.length)).toBe(strictDecode(bytes));
      }),
      { numRuns: 20000 },
    );
  });

  it('rejects overlong forms, encoded surrogates, code points above U+10FFFF and truncated sequences', () => {
    for (const bad of ['c0af', 'c1bf', 'e080af', 'f0808080', 'eda080', 'edbfbf', 'f4908080', 'f5808080', 'e282', 'f09f98', '80', 'bf', 'fe', 'ff']) {
      const bytes = hex(bad);
      expect(decodeUtf8(bytes, 0, bytes.length), bad).toBeNull();
    }
  });

  it('decodes only the given range of the buffer', () => {
    const bytes = hex('ff 61 62 ff');
    expect(decodeUtf8(bytes, 1, 3)).toBe('ab');
    expect(decodeUtf8(bytes, 2, 2)).toBe('');
  });
});
