// The hand-written char checks (src/util/text.ts, used instead of RegExp on the device) agree with the
// regular expressions they replace.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allChars, isAlnumCode, isCanonicalDecimal, isDecimal, isHexCode, isLowerHexCode, trimSpaces } from '../../../src/util/text';

const sample = fc.string({ unit: fc.constantFrom('0', '1', '9', 'a', 'f', 'A', 'F', 'g', 'Z', ' ', '\t', '-', ':', 'é'), maxLength: 20 });

describe('src/util/text', () => {
  it('property: each check equals its regular expression', () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 1, max: 16 }), (text, max) => {
        expect(isDecimal(text, max)).toBe(new RegExp(`^[0-9]{1,${max}}$`).test(text));
        expect(isCanonicalDecimal(text, max)).toBe(new RegExp(`^(0|[1-9][0-9]{0,${max - 1}})$`).test(text));
        expect(allChars(text, isAlnumCode)).toBe(/^[A-Za-z0-9]*$/.test(text));
        expect(allChars(text, isHexCode)).toBe(/^[0-9A-Fa-f]*$/.test(text));
        expect(allChars(text, isLowerHexCode)).toBe(/^[0-9a-f]*$/.test(text));
        expect(trimSpaces(text)).toBe(text.replace(/^[ \t]+/, '').replace(/[ \t]+$/, ''));
      }),
      { numRuns: 2000 },
    );
  });
});
