// What firmware code needs of Espruino beyond @types/espruino (which declares print, getSerial, getTime, atob/btoa,
// clearTimeout, global and the E namespace's hwRand, toUint8Array and reboot, but has no Storage, net, tls or crypto
// module, no process, no setTimeout, and no E.toString/getSizeOf/defrag). Shapes of those modules are in
// espruino-types.d.ts; hal/espruino declares its own globals module-locally in each file.
/// <reference types="espruino" />
/// <reference path="./espruino-types.d.ts" />

/** Present only in the Espruino-profile runner: records memory in use at a named point. */
declare var __aliotMark: ((name: string) => void) | undefined;

declare namespace E {
  /** The arguments' bytes as one 8-bit string. */
  function toString(...args: unknown[]): string;
  /** JsVars used by a value. */
  function getSizeOf(value: unknown, depth?: number): number;
}

declare var process: { memory(): EspruinoMemory; env?: { BOARD?: string; VERSION?: string } };

declare function setTimeout(callback: () => void, ms: number): number;

/**
 * Espruino's modules, typed. Device code calls `global.require(...)`: a bare `require("x")` would make the bundler
 * try to resolve module "x" at build time.
 */
declare function require(name: 'Storage'): EspruinoStorage;
declare function require(name: 'net' | 'tls'): EspruinoNetModule;
declare function require(name: 'Wifi'): EspruinoWifiModule;
declare function require(name: 'crypto'): EspruinoCryptoModule;
