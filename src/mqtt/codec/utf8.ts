// UTF-8 for MQTT strings, strict as MQTT requires [MQTT-1.5.3-1]: a string with a lone surrogate has no form,
// and the decoder refuses anything that is not well-formed. The encoder and decoder are src/util/bytes.ts's.

import { UTF8_INVALID, utf8Encode } from '../../util/bytes';

export { decodeUtf8, UTF8_INVALID, utf8Encode as writeUtf8 } from '../../util/bytes';

/** The number of bytes `str` takes in UTF-8, or UTF8_INVALID when it holds a lone surrogate. */
export function utf8Length(str: string): number {
  return utf8Encode(str, null, 0);
}

/** A new Uint8Array with `str` in UTF-8, or null when the string has no UTF-8 form. */
export function utf8Bytes(str: string): Uint8Array | null {
  const length = utf8Encode(str, null, 0);
  if (length === UTF8_INVALID) return null;
  const bytes = new Uint8Array(length);
  utf8Encode(str, bytes, 0);
  return bytes;
}
