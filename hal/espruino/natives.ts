// Everything hal/espruino touches of Espruino itself goes through here. The globals are declared
// module-locally (shapes from espruino-types.d.ts), so the binding type-checks in any compilation —
// also where Node's own `global`, `process` and `setTimeout` types are in scope (a test fixture that the
// host tsconfig sees) — while firmware code gets the same globals from the ambient espruino.d.ts.
/// <reference path="./espruino-types.d.ts" />

declare const global: EspruinoGlobal;
declare const E: EspruinoE;
declare const process: { memory(): EspruinoMemory };
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
 * E.defrag() where the build has it. A TLS socket's state is one flat string of ~160 contiguous JsVars (Espruino
 * 2v29: "Not enough memory to allocate SSL socket" when no free run is that long, however many JsVars are free
 * in all); packing the free JsVars together first makes the run.
 */
export function compactMemory(): void {
  if (typeof E.defrag === 'function') E.defrag();
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
