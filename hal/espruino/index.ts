// The Espruino binding of the HAL contract (hal/types.ts) for Espruino 2v29 on ESP32 (spec/espruino.md §1).
// Each function in an image costs Espruino JsVars once loaded, so the binding is plain objects whose methods share
// this one closure; the sockets are in net.ts, the key-value store in kv.ts.
//
// The globals are declared module-locally (shapes from espruino-types.d.ts), so the binding type-checks in any
// compilation — also where Node's own `global`, `process` and `setTimeout` types are in scope (a test fixture
// the host tsconfig sees) — while firmware code gets the same globals from the ambient espruino.d.ts.
// Modules are loaded with `global.require`, not a bare `require`, so that the bundler does not try to resolve
// "Storage" or "tls" as files at build time; the Espruino pass turns it back into the plain `require(...)`.
// Each is undefined where the build lacks it (Linux: no Wifi; ESP32_IDF4: no crypto or tls; §1b, §1c, §5).
/// <reference path="./espruino-types.d.ts" />
import type { Capabilities, Hal, LogLevel, NativeHash } from '../types';
import { storageKv } from './kv';
import { espruinoNet } from './net';
import { bytesToString } from './util';

declare const global: EspruinoGlobal;
declare const E: EspruinoE;
declare const process: { memory(): EspruinoMemory };
declare function getSerial(): string;
declare function getTime(): number;
declare function setTimeout(callback: () => void, ms: number): number;
declare function clearTimeout(id: number): void;
declare function print(...args: unknown[]): void;

/** 2^32: clock.now() wraps there. */
const WRAP = 4294967296;
/** Before SNTP, Date.now() counts from about 1970 after power-up; anything before 2020-09 is "not set". */
const EARLIEST_REAL_TIME_MS = 1.6e12;
/** Log levels by their initials, least severe first: a line's prefix and its rank. */
const LEVELS = 'DIWE';

export interface EspruinoHalOptions {
  /** The board descriptor's capabilities; default: what Espruino on an ESP32 can do (below). */
  caps?: Capabilities;
  /** Lowest level printed on the console; default 'info'. */
  logLevel?: LogLevel;
}

/** A Hal bound to Espruino's modules. Never throws, also not when a module is missing. */
export function createEspruinoHal(options?: EspruinoHalOptions): Hal {
  const opts = options || {};
  // What the Espruino binding can do on an ESP32 (spec/espruino.md §0.2, §1a, §1b, §1d), made only when no board
  // says: firmware always passes its board's.
  const caps: Capabilities = opts.caps || {
    // MBEDTLS_SSL_VERIFY_NONE: Espruino's TLS does not check the server certificate.
    tlsVerifiesPeer: false,
    // One TLS connection at a time for memory (≈ 32 KB of mbedtls buffers each).
    maxTlsSockets: 1,
    // require("crypto") has SHA1 and SHA256.
    hasNativeHash: true,
    // Storage file names: 28 characters, longer ones are silently truncated.
    maxKeyLength: 28,
    maxValueLength: 4096,
  };
  const minRank = LEVELS.indexOf((opts.logLevel || 'info').charAt(0).toUpperCase());
  let storage: EspruinoStorage | undefined;
  let crypto: EspruinoCryptoModule | undefined;
  try {
    storage = global.require('Storage');
  } catch (e) {
    storage = undefined;
  }
  try {
    crypto = global.require('crypto');
  } catch (e) {
    crypto = undefined;
  }

  const log = {
    write: function (level: LogLevel, tag: string, message: string): void {
      // an unknown level is an error
      const prefix = level === 'debug' || level === 'info' || level === 'warn' ? level.charAt(0).toUpperCase() : 'E';
      if (LEVELS.indexOf(prefix) < minRank) return;
      try {
        print(prefix + ' [' + tag + '] ' + message);
      } catch (e) {
        // the console must never break the device
      }
    },
  };

  // Native SHA-256 and SHA-1 (§1d): they take an 8-bit string and return an ArrayBuffer; there is no MD5. One
  // function serves both, bound to the crypto function it calls.
  const hash: NativeHash = {};
  if (crypto) {
    const digest = function (fn: (data: string) => ArrayBuffer, data: Uint8Array): Uint8Array {
      return new Uint8Array(fn(bytesToString(data)));
    };
    if (typeof crypto.SHA256 === 'function') hash.sha256 = digest.bind(null, crypto.SHA256);
    if (typeof crypto.SHA1 === 'function') hash.sha1 = digest.bind(null, crypto.SHA1);
  }

  return {
    kv: storageKv(storage, caps.maxKeyLength, caps.maxValueLength),
    net: espruinoNet(caps.maxTlsSockets, log),
    identity: {
      // require("Wifi").getIP().mac, as six lower-case hex pairs joined by ':' (accepting ':', '-' or none).
      // Wifi is absent on the Linux build: no MAC there (§1c). Required here, when asked, not at boot: on a fixed
      // pool Espruino 2v29 runs out of memory looking for a module it lacks, and boards named by serial never ask.
      mac: function (): string | undefined {
        let text: unknown;
        try {
          const ip = global.require('Wifi').getIP();
          text = ip ? ip.mac : undefined;
        } catch (e) {
          text = undefined;
        }
        if (typeof text !== 'string') return undefined;
        const hex = text.replace(/[-:.\s]/g, '').toLowerCase();
        if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
        let out = hex.substring(0, 2);
        for (let i = 2; i < 12; i += 2) out += ':' + hex.substring(i, i + 2);
        return out;
      },
      // getSerial(), as the board reports it (on an ESP32 the eFuse MAC, "240ac400-2f90").
      serial: function (): string | undefined {
        try {
          const serial = typeof getSerial === 'function' ? getSerial() : undefined;
          return typeof serial === 'string' && serial.length > 0 ? serial : undefined;
        } catch (e) {
          return undefined;
        }
      },
    },
    // getTime() (seconds since boot, fractional), Date.now() and setTimeout (§1e).
    clock: {
      now: function (): number {
        // An integer in [0, 2^32) by arithmetic: Espruino's `>>> 0` on a large double is not a safe wrap.
        const ms = Math.floor(getTime() * 1000);
        return ms - Math.floor(ms / WRAP) * WRAP;
      },
      wallTime: function (): number | undefined {
        const ms = Date.now();
        // Date.now() is fractional on Espruino: floored before any timestamp is built from it.
        return ms >= EARLIEST_REAL_TIME_MS ? Math.floor(ms) : undefined;
      },
      setTimer: function (ms: number, fn: () => void): number {
        return setTimeout(fn, ms > 0 ? ms : 0);
      },
      clearTimer: function (id: number): void {
        // unknown or already fired ids are ignored, as the contract says; clearTimeout(undefined) throws
        if (typeof id !== 'number') return;
        try {
          clearTimeout(id);
        } catch (e) {
          // unknown
        }
      },
    },
    // E.hwRand(): a 32-bit integer from the ESP32's hardware RNG per four bytes, low byte first.
    random: {
      bytes: function (n: number): Uint8Array {
        const out = new Uint8Array(n > 0 ? n : 0);
        let word = 0;
        for (let i = 0; i < out.length; i++) {
          if ((i & 3) === 0) word = E.hwRand();
          out[i] = word & 255;
          word = word >> 8;
        }
        return out;
      },
    },
    hash: hash,
    log: log,
    // process.memory(): JsVars on Espruino (blocksize bytes each); the Espruino-profile runner reports bytes with
    // blocksize 1, and the reading says so.
    memory: {
      read: function () {
        try {
          const m = process.memory();
          return { used: m.usage, free: m.free, unit: m.blocksize === 1 ? 'bytes' : 'jsvars' };
        } catch (e) {
          return { used: 0, free: 0, unit: 'jsvars' };
        }
      },
    },
    // The board's own object, unless this build lacks the native hashes it claims (no second copy in RAM).
    caps:
      !caps.hasNativeHash || hash.sha256 !== undefined || hash.sha1 !== undefined
        ? caps
        : {
            tlsVerifiesPeer: caps.tlsVerifiesPeer,
            maxTlsSockets: caps.maxTlsSockets,
            hasNativeHash: false,
            maxKeyLength: caps.maxKeyLength,
            maxValueLength: caps.maxValueLength,
          },
  };
}
