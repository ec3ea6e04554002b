// Bytes ⇄ Espruino's 8-bit strings (spec/espruino.md §1g: no TextEncoder/Buffer; use E.toString /
// E.toUint8Array). Socket data arrives as strings and must leave as strings: Socket.write(x) sends
// x.toString(), which for a Uint8Array is "1,2,3", not the bytes.
import { eToString, eToUint8Array } from './natives';

/** The bytes as an 8-bit string. */
export function bytesToString(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  let text: string | undefined;
  try {
    text = eToString(bytes);
  } catch (e) {
    text = undefined;
  }
  if (typeof text === 'string' && text.length === bytes.length) return text;
  // E.toString can return undefined when it cannot allocate a flat string: build it in pieces instead.
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/** The low 8 bits of each character as bytes. */
export function stringToBytes(text: string): Uint8Array {
  let bytes: Uint8Array | undefined;
  try {
    bytes = eToUint8Array(text);
  } catch (e) {
    bytes = undefined;
  }
  if (bytes && bytes.length === text.length) return bytes;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 255;
  return out;
}
