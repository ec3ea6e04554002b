// What more than one part of the binding needs.
/// <reference path="./espruino-types.d.ts" />
import type { HalError } from '../types';

declare const E: EspruinoE;

export function halError(code: HalError['code'], message: string): HalError {
  return { code: code, message: message };
}

/** The message of something thrown by Espruino (an Error, or anything else), never throwing itself. */
export function thrownMessage(thrown: unknown): string {
  const message = thrown && typeof thrown === 'object' ? (thrown as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : '' + thrown;
}

/**
 * The bytes as an 8-bit string (Espruino has no TextEncoder or Buffer; sockets and require("crypto") take these).
 * E.toString can return undefined when it cannot allocate a flat string: the string is then built in pieces.
 */
export function bytesToString(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  let text: string | undefined;
  try {
    text = E.toString(bytes);
  } catch (e) {
    text = undefined;
  }
  if (typeof text === 'string' && text.length === bytes.length) return text;
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}
