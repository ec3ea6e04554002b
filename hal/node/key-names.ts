// KV key ↔ file name. Keys are 8-bit strings of any characters ('/', '.', control characters, upper and
// lower case); file names must be safe on every file system, including case-insensitive ones. So only
// [a-z0-9_-] pass through; every other character (upper-case letters included) becomes '%' and two
// lower-case hex digits. The '.kv' suffix tells value files from temporary files ('.tmp-…') and strays.

const PLAIN = /^[a-z0-9_-]$/;
export const VALUE_SUFFIX = '.kv';
export const TEMP_PREFIX = '.tmp-';

export function encodeKeyName(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const ch = key[i];
    out += PLAIN.test(ch) ? ch : `%${key.charCodeAt(i).toString(16).padStart(2, '0')}`;
  }
  return out + VALUE_SUFFIX;
}

/** The key a value file holds, or undefined when the name is not one encodeKeyName makes. */
export function decodeKeyName(fileName: string): string | undefined {
  if (!fileName.endsWith(VALUE_SUFFIX)) return undefined;
  const body = fileName.slice(0, -VALUE_SUFFIX.length);
  let key = '';
  for (let i = 0; i < body.length; ) {
    const ch = body[i];
    if (PLAIN.test(ch)) {
      key += ch;
      i++;
    } else if (ch === '%' && /^[0-9a-f]{2}$/.test(body.slice(i + 1, i + 3))) {
      key += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      return undefined;
    }
  }
  return key.length ? key : undefined;
}
