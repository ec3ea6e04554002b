// The project's trimmed Espruino typings: only what aliot's firmware and hal/espruino bind.
// (@types/espruino lacks Storage/tls/net/crypto and clashes with Node types; see spec/espruino.md §6.)
/// <reference path="./espruino-types.d.ts" />

/** Prints its arguments, space-separated, on the console. */
declare function print(...args: unknown[]): void;

/** Present only in the Espruino-profile runner: records memory in use at a named point. */
declare var __aliotMark: ((name: string) => void) | undefined;

/**
 * Espruino's root object. Device code calls `global.require(...)`: a bare `require("x")` would make the
 * bundler try to resolve module "x" at build time.
 */
declare var global: EspruinoGlobal;

declare var E: EspruinoE;

declare var process: { memory(): EspruinoMemory; env?: { BOARD?: string; VERSION?: string } };

/** ESP32: the eFuse MAC as "240ac400-2f90"; Linux: "00000000-addeadde-addeadde" (§1c). */
declare function getSerial(): string;
/** Seconds since boot, fractional. */
declare function getTime(): number;
declare function setTimeout(callback: () => void, ms: number): number;
declare function clearTimeout(id: number): void;
declare function btoa(binary: string): string;
declare function atob(base64: string): string;
