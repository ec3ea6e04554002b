// Everything hal/espruino touches of Espruino itself goes through here. The globals are declared
// module-locally (shapes from espruino-types.d.ts), so the binding type-checks in any compilation —
// also where Node's own `global`, `process` and `setTimeout` types are in scope (a test fixture that the
// host tsconfig sees) — while firmware code gets the same globals from the ambient espruino.d.ts.
/// <reference path="./espruino-types.d.ts" />

declare const global: EspruinoGlobal;
declare const E: EspruinoE;
declare const process: { memory(): EspruinoMemory; env?: { BOARD?: string } };
declare function getSerial(): string;
declare function getTime(): number;
declare function setTimeout(callback: () => void, ms: number): number;
declare function clearTimeout(id: number): void;
declare function atob(base64: string): string;
declare function print(...args: unknown[]): void;

// ---- modules: each undefined where the build lacks it (Linux: no Wifi; IDF4: no crypto/tls; §1b, §1c, §5).
// `global.require`, not a bare `require`, so that the bundler does not try to resolve "Storage" or "tls" as
// files at build time; the Espruino pass turns it back into the plain `require(...)` in the image.

/** require("Storage"), or undefined. */
export function loadStorage(): EspruinoStorage | undefined {
  try {
    return global.require('Storage');
  } catch (e) {
    return undefined;
  }
}

/** require("net") or require("tls"), or undefined. */
export function loadNet(tls: boolean): EspruinoNetModule | undefined {
  try {
    return tls ? global.require('tls') : global.require('net');
  } catch (e) {
    return undefined;
  }
}

/** require("Wifi"), or undefined (absent on the Linux build). */
export function loadWifi(): EspruinoWifiModule | undefined {
  try {
    return global.require('Wifi');
  } catch (e) {
    return undefined;
  }
}

/** require("crypto"), or undefined. */
export function loadCrypto(): EspruinoCryptoModule | undefined {
  try {
    return global.require('crypto');
  } catch (e) {
    return undefined;
  }
}

// ---- globals -------------------------------------------------------------------------------------

/** E.hwRand(): a 32-bit integer from the hardware RNG. */
export function hardwareRandom(): number {
  return E.hwRand();
}

/** E.toString(bytes): an 8-bit string, or undefined when Espruino cannot make one. */
export function eToString(bytes: Uint8Array): string | undefined {
  return E.toString(bytes);
}

/** E.toUint8Array(text): the low byte of each character. */
export function eToUint8Array(text: string): Uint8Array {
  return E.toUint8Array(text);
}

/** getSerial(), or undefined where the build has none. */
export function serialNumber(): string | undefined {
  return typeof getSerial === 'function' ? getSerial() : undefined;
}

/** getTime(): seconds since boot, fractional. */
export function secondsSinceBoot(): number {
  return getTime();
}

export function startTimer(fn: () => void, ms: number): number {
  return setTimeout(fn, ms);
}

/** clearTimeout; Espruino throws for an unknown id, which is ignored here. */
export function stopTimer(id: number): void {
  try {
    clearTimeout(id);
  } catch (e) {
    // unknown or already fired
  }
}

/** process.memory() */
export function memoryNow(): EspruinoMemory {
  return process.memory();
}

/**
 * Whether the JsVar pool grows on demand and mbedtls allocates from it: Espruino's stock Linux build
 * (process.env.BOARD "LINUX"). On an ESP32, and on builds with a fixed pool, mbedtls allocates from the C heap.
 */
function poolGrowsUnderTls(): boolean {
  return !!process.env && process.env.BOARD === 'LINUX';
}

/** JsVars one TLS socket takes where mbedtls allocates from JsVars (measured ~1,500 on Espruino 2v29). */
const TLS_JSVARS = 2000;

/**
 * Where the pool grows under mbedtls, grows it before a handshake rather than during one: a growth moves the
 * blocks mbedtls holds by address, and Espruino 2v29 then stops on "ASSERT(jsvIsFlatString(v)) FAILED AT
 * src/jsvar.c". The pool never shrinks, so this costs time once.
 */
export function growPoolBeforeTls(): void {
  if (!poolGrowsUnderTls() || process.memory().free >= TLS_JSVARS) return;
  const hold: number[] = [];
  for (let i = 0; i < TLS_JSVARS; i++) hold.push(i);
}

/**
 * E.defrag() where the build has it: moves JsVars so that the free ones are contiguous. Only safe while no TLS
 * socket is open (a socket's state is a flat string C code holds by address) and where mbedtls allocates from
 * the C heap (not where the pool grows under it). Returns whether it ran.
 */
export function compactMemory(): boolean {
  if (typeof E.defrag !== 'function' || poolGrowsUnderTls()) return false;
  process.memory(); // collects garbage first: a closed socket's state may still be waiting for collection
  E.defrag();
  return true;
}

/** atob(): base64 to an 8-bit string. */
export function decodeBase64(base64: string): string {
  return atob(base64);
}

/** print(): one console line. */
export function consolePrint(line: string): void {
  print(line);
}

/** The message of something thrown by Espruino (an Error, or anything else), never throwing itself. */
export function thrownMessage(thrown: unknown): string {
  if (thrown && typeof thrown === 'object' && typeof (thrown as { message?: unknown }).message === 'string') {
    return (thrown as { message: string }).message;
  }
  return '' + thrown;
}

/** Makes a value a global of the interpreter (for REPL access to a running program). */
export function exposeGlobal(name: string, value: unknown): void {
  (global as unknown as { [name: string]: unknown })[name] = value;
}
