// Writing the pieces every packet is made of: the fixed header, 16-bit integers, length-prefixed strings and
// bytes. Sizes are computed (and checked) before anything is written, so a refused packet writes nothing.

import { MAX_REMAINING_LENGTH, MAX_STRING_BYTES } from './constants';
import { encodeError, EncodeError } from './errors';
import { remainingLengthSize, writeRemainingLength } from './remaining-length';
import { UTF8_INVALID, utf8Length, writeUtf8 } from './utf8';

/** The UTF-8 byte length of `str` (without its 2-byte prefix), or why it cannot be a string field. */
export function stringFieldBytes(str: string, what: string): number | EncodeError {
  const bytes = utf8Length(str);
  if (bytes === UTF8_INVALID) {
    return encodeError('INVALID_STRING', what + ' holds a lone UTF-16 surrogate and has no UTF-8 form');
  }
  if (bytes > MAX_STRING_BYTES) {
    return encodeError('STRING_TOO_LONG', what + ' is ' + bytes + ' bytes in UTF-8: the limit is 65535');
  }
  return bytes;
}

/** Checks that a binary field fits its 2-byte length prefix. */
export function checkBytesField(bytes: Uint8Array, what: string): EncodeError | null {
  if (bytes.length <= MAX_STRING_BYTES) return null;
  return encodeError('STRING_TOO_LONG', what + ' is ' + bytes.length + ' bytes: the limit is 65535');
}

/** The whole packet's size for a body of `remaining` bytes, or why it cannot go into `buf`. */
export function checkPacketFits(buf: Uint8Array, remaining: number): EncodeError | null {
  if (remaining > MAX_REMAINING_LENGTH) {
    return encodeError('PACKET_TOO_LARGE', 'packet body of ' + remaining + ' bytes exceeds the MQTT limit of 268435455');
  }
  const total = 1 + remainingLengthSize(remaining) + remaining;
  if (total <= buf.length) return null;
  const error = encodeError(
    'BUFFER_TOO_SMALL',
    'packet of ' + total + ' bytes does not fit the ' + buf.length + '-byte transmit buffer: send less or enlarge mqttTxBuffer',
  );
  error.needed = total;
  return error;
}

/** Writes the fixed header at the start of `buf`; returns the position of the body. */
export function writeFixedHeader(buf: Uint8Array, firstByte: number, remaining: number): number {
  buf[0] = firstByte;
  return writeRemainingLength(buf, 1, remaining);
}

export function writeU16(buf: Uint8Array, pos: number, value: number): number {
  buf[pos] = (value >> 8) & 0xff;
  buf[pos + 1] = value & 0xff;
  return pos + 2;
}

/** Writes a length-prefixed UTF-8 string whose byte length the caller computed with stringFieldBytes. */
export function writeStringField(buf: Uint8Array, pos: number, str: string, byteLength: number): number {
  return writeUtf8(str, buf, writeU16(buf, pos, byteLength));
}

/** Writes raw bytes (no prefix). */
export function writeBytes(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
  buf.set(bytes, pos);
  return pos + bytes.length;
}

/** Writes a length-prefixed binary field. */
export function writeBytesField(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
  return writeBytes(buf, writeU16(buf, pos, bytes.length), bytes);
}
