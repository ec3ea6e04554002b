import type * as nodeNet from 'node:net';
import nodeSim from '../../boards/node-sim';
import type { Capabilities, Hal, LogLevel, LogSink } from '../types';
import { NodeClock } from './clock';
import { nodeHash, nodeRandom } from './crypto';
import type { HostMap } from './host-map';
import { NodeIdentity } from './identity';
import { FileKv, type KvFs } from './kv';
import { StreamLog, type TextStream } from './log';
import { nodeMemory } from './memory';
import { NodeNet } from './net';

export interface NodeBoardOptions {
  /** Directory of the KV store (one file per key). */
  kvDir: string;
  /** Capabilities; default: boards/node-sim's. */
  caps?: Partial<Capabilities>;
  /** KV capacity in characters (keys plus values). Default unlimited. */
  kvCapacity?: number;
  /** Host name → 'host:port' to connect to instead, still verifying the original name (see host-map.ts). */
  hostMap?: HostMap;
  /** MAC to report; absent: the first non-internal interface's; null: none. */
  mac?: string | null;
  /** Serial to report; absent or null: none. */
  serial?: string | null;
  /** Added to the 32-bit millisecond counter (start near the wrap in tests). */
  clockOffset?: number;
  /** 'unset' makes wallTime() undefined, like an ESP32 before SNTP. Default 'system'. */
  wallTime?: 'system' | 'unset';
  /** Unref timers so they do not keep the process alive. */
  unrefTimers?: boolean;
  /** Log sink; default: lines to logStream (process.stderr) at logLevel ('info'). */
  log?: LogSink;
  logStream?: TextStream;
  logLevel?: LogLevel;
  connectTimeoutMs?: number;
  /** Bytes a socket buffers before write() returns BUSY. */
  highWaterMark?: number;
  /** Name resolution override (tests). */
  lookup?: nodeNet.LookupFunction;
  /** File-system calls of the KV store (tests substitute failing ones). */
  fs?: KvFs;
}

/** The simulation board: hal plus what the host needs to shut it down. */
export interface NodeBoard {
  hal: Hal;
  kv: FileKv;
  net: NodeNet;
  clock: NodeClock;
  /** Closes sockets and cancels timers. */
  dispose(): void;
}

export function createNodeBoard(options: NodeBoardOptions): NodeBoard {
  // Without overrides every board shares node-sim's capabilities (read-only data) instead of a copy each.
  const caps: Capabilities = options.caps ? { ...nodeSim.caps, ...options.caps } : nodeSim.caps;
  const log =
    options.log ?? new StreamLog(options.logStream ?? process.stderr, { level: options.logLevel ?? 'info' });
  const kv = new FileKv({
    dir: options.kvDir,
    maxKeyLength: caps.maxKeyLength,
    maxValueLength: caps.maxValueLength,
    capacity: options.kvCapacity,
    log,
    fs: options.fs,
  });
  const net = new NodeNet({
    hostMap: options.hostMap,
    verify: caps.tlsVerifiesPeer,
    maxTlsSockets: caps.maxTlsSockets,
    connectTimeoutMs: options.connectTimeoutMs,
    highWaterMark: options.highWaterMark,
    lookup: options.lookup,
    log,
  });
  const clock = new NodeClock({ offset: options.clockOffset, wallTime: options.wallTime, unrefTimers: options.unrefTimers });
  const hal: Hal = {
    kv,
    net,
    identity: new NodeIdentity({ mac: options.mac, serial: options.serial }),
    clock,
    random: nodeRandom,
    hash: caps.hasNativeHash ? nodeHash : {},
    log,
    memory: nodeMemory,
    caps,
  };
  return {
    hal,
    kv,
    net,
    clock,
    dispose() {
      net.closeAll();
      clock.clearAll();
    },
  };
}
