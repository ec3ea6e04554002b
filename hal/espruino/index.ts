// The Espruino binding of the HAL contract (hal/types.ts) for Espruino 2v29 on ESP32 (spec/espruino.md).
import type { Capabilities, Hal, LogLevel, LogSink } from '../types';
import { ESPRUINO_CAPS } from './caps';
import { EspruinoClock } from './clock';
import { espruinoHash } from './hash';
import { EspruinoIdentity } from './identity';
import { StorageKv } from './kv';
import { PrintLog } from './log';
import { espruinoMemory } from './memory';
import { loadStorage } from './natives';
import { EspruinoNet } from './net';
import { espruinoRandom } from './random';

export { ESPRUINO_CAPS } from './caps';

export interface EspruinoHalOptions {
  /** The board descriptor's capabilities; default ESPRUINO_CAPS. */
  caps?: Capabilities;
  /** Lowest level printed by the default log sink; default 'info'. */
  logLevel?: LogLevel;
  /** Replaces the print() log sink. */
  log?: LogSink;
  /** Socket connect timeout; default 20000 ms. */
  connectTimeoutMs?: number;
  /** Bytes a socket may have written but not drained before write() returns BUSY; default 4096. */
  sendBufferLimit?: number;
}

/** A Hal bound to Espruino's modules. Never throws, also not when a module is missing. */
export function createEspruinoHal(options?: EspruinoHalOptions): Hal {
  const opts = options || {};
  const caps = opts.caps || ESPRUINO_CAPS;
  const log = opts.log || new PrintLog(opts.logLevel || 'info');
  const hash = espruinoHash();
  return {
    kv: new StorageKv(loadStorage(), { maxKeyLength: caps.maxKeyLength, maxValueLength: caps.maxValueLength }),
    net: new EspruinoNet({
      maxTlsSockets: caps.maxTlsSockets,
      connectTimeoutMs: opts.connectTimeoutMs,
      sendBufferLimit: opts.sendBufferLimit,
      log: log,
    }),
    identity: new EspruinoIdentity(),
    clock: new EspruinoClock(),
    random: espruinoRandom,
    hash: hash,
    log: log,
    memory: espruinoMemory,
    caps: {
      tlsVerifiesPeer: caps.tlsVerifiesPeer,
      maxTlsSockets: caps.maxTlsSockets,
      hasNativeHash: caps.hasNativeHash && (hash.sha256 !== undefined || hash.sha1 !== undefined),
      maxKeyLength: caps.maxKeyLength,
      maxValueLength: caps.maxValueLength,
    },
  };
}
