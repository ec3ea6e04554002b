// Character-class checks written out by hand. Device code avoids regular expressions: Espruino's RegExp engine is
// a small subset (no lookaround, limited quantifiers and groups — spec/espruino.md §1g) and the image gate cannot
// tell which pattern it would run wrongly.

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAlnumCode(c: number): boolean {
  return isDigitCode(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isLowerHexCode(c: number): boolean {
  return isDigitCode(c) || (c >= 97 && c <= 102);
}

export function isHexCode(c: number): boolean {
  return isLowerHexCode(c) || (c >= 65 && c <= 70);
}

/** True when every char passes the test (an empty text passes). */
export function allChars(text: string, test: (c: number) => boolean): boolean {
  for (let i = 0; i < text.length; i++) if (!test(text.charCodeAt(i))) return false;
  return true;
}

/** 1 to maxDigits decimal digits. */
export function isDecimal(text: string, maxDigits: number): boolean {
  let ok = text.length >= 1 && text.length <= maxDigits;
  for (let i = 0; ok && i < text.length; i++) ok = isDigitCode(text.charCodeAt(i));
  return ok;
}

/** 1 to maxDigits decimal digits without a leading zero (except "0" itself): the form String(n) gives. */
export function isCanonicalDecimal(text: string, maxDigits: number): boolean {
  return isDecimal(text, maxDigits) && (text.length === 1 || text.charCodeAt(0) !== 48);
}

/** The text without leading and trailing spaces and tabs. */
export function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charAt(start) === ' ' || text.charAt(start) === '\t')) start++;
  while (end > start && (text.charAt(end - 1) === ' ' || text.charAt(end - 1) === '\t')) end--;
  return text.substring(start, end);
}

/** The value of a hex digit (either case), or -1. */
export function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 65 && c <= 70) return c - 55; // A-F
  if (c >= 97 && c <= 102) return c - 87; // a-f
  return -1;
}
