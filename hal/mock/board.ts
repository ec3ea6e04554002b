import { createHash } from 'node:crypto';
import type { Capabilities, Hal, MemoryReading, NativeHash } from '../types';
import type { HostMap } from '../node/host-map';
import type { ChunkPolicy } from './chunking';
import { VirtualClock } from './clock';
import { MemoryKv, type FlashImage } from './kv';
import { RecordingLog } from './log';
import { SettableMemory } from './memory';
import { ScriptedNet } from './net';
import { PowerSwitch } from './power';
import { CallRecorder, type CallKind } from './recorder';
import { recordingHal } from './recording-hal';
import { SeededRandom } from './random';

export interface MockBoardOptions {
  /** Seed of the RNG behind random.bytes. Default 1. */
  seed?: number;
  /** The first value clock.now() returns, in [0, 2^32). Default 0. */
  clockStart?: number;
  /** Wall time at start (ms since 1970); absent: unset, as on an ESP32 before SNTP. */
  wallTime?: number;
  /** Capabilities; defaults: verifies TLS, one TLS socket, no native hash, 28-char keys, 4096-char values. */
  caps?: Partial<Capabilities>;
  /** KV capacity in characters (keys plus values). Default unlimited. */
  kvCapacity?: number;
  /** KV contents at power-on, e.g. board.kv.snapshot() of an earlier board. */
  flash?: FlashImage;
  /** The MAC identity.mac() reports; null for none. Default '24:0a:c4:00:2f:90'. */
  mac?: string | null;
  /** The serial identity.serial() reports; null for none. Default '240ac400-2f90'. */
  serial?: string | null;
  /** Scripted network settings (see ScriptedNet). */
  hostMap?: HostMap;
  latency?: number;
  chunking?: ChunkPolicy;
  writeBuffer?: number;
  /** The CAs trusted when a socket names none. */
  defaultTrust?: string[];
  /** Initial memory reading; false: the board has no memory probe. */
  memory?: MemoryReading | false;
}

export const MOCK_DEFAULT_CAPS: Capabilities = {
  tlsVerifiesPeer: true,
  maxTlsSockets: 1,
  hasNativeHash: false,
  maxKeyLength: 28,
  maxValueLength: 4096,
};

/**
 * The deterministic test board. `hal` is what the device code gets; everything else is for the test:
 * the virtual clock, the faulty flash, the scripted network, the call recorder, the power switch.
 */
export class MockBoard {
  readonly hal: Hal;
  readonly caps: Capabilities;
  readonly power = new PowerSwitch();
  readonly clock: VirtualClock;
  readonly kv: MemoryKv;
  readonly net: ScriptedNet;
  readonly random: SeededRandom;
  readonly recorder: CallRecorder;
  readonly log: RecordingLog;
  /** Present unless the board was made with memory: false. */
  readonly memory: SettableMemory | undefined;
  /** What identity.mac() / identity.serial() report; tests may change them. */
  identity: { mac: string | undefined; serial: string | undefined };
  private boots = 1;

  constructor(options: MockBoardOptions = {}) {
    this.caps = { ...MOCK_DEFAULT_CAPS, ...options.caps };
    this.clock = new VirtualClock({ start: options.clockStart, wallTime: options.wallTime });
    this.kv = new MemoryKv(this.power, {
      maxKeyLength: this.caps.maxKeyLength,
      maxValueLength: this.caps.maxValueLength,
      capacity: options.kvCapacity,
      flash: options.flash,
    });
    this.net = new ScriptedNet(
      this.clock,
      {
        verifiesPeer: this.caps.tlsVerifiesPeer,
        maxTlsSockets: this.caps.maxTlsSockets,
        defaultTrust: options.defaultTrust,
        hostMap: options.hostMap,
        latency: options.latency,
        chunking: options.chunking,
        writeBuffer: options.writeBuffer,
      },
      () => this.power.on,
    );
    this.random = new SeededRandom(options.seed ?? 1);
    this.recorder = new CallRecorder(() => this.clock.now());
    this.log = new RecordingLog(() => this.clock.now());
    this.memory = options.memory === false ? undefined : new SettableMemory(options.memory);
    this.identity = {
      mac: options.mac === null ? undefined : (options.mac ?? '24:0a:c4:00:2f:90'),
      serial: options.serial === null ? undefined : (options.serial ?? '240ac400-2f90'),
    };
    this.power.onCut(() => {
      this.clock.running = false;
      this.clock.clearAll();
      this.net.dropSilently();
    });
    this.hal = recordingHal(
      {
        kv: this.kv,
        net: this.net,
        identity: { mac: () => this.identity.mac, serial: () => this.identity.serial },
        clock: this.clock,
        random: this.random,
        hash: this.caps.hasNativeHash ? nodeHashes() : {},
        log: this.log,
        memory: this.memory,
        caps: this.caps,
      },
      this.recorder,
    );
  }

  get powered(): boolean {
    return this.power.on;
  }

  /** How many times the board has started (1 + reboots). */
  get bootCount(): number {
    return this.boots;
  }

  /** Cuts power now: pending timers and connections vanish, HAL calls fail until reboot(). */
  cutPower(): void {
    this.power.cut();
  }

  /**
   * Starts the board again with its flash as it was left (torn values included). Timers and connections
   * of the previous run are gone; the virtual clock keeps counting. The device code must be started again
   * on `hal` by the test.
   */
  reboot(): void {
    this.net.dropSilently();
    this.clock.clearAll();
    this.clock.running = true;
    this.power.restore();
    this.boots++;
  }

  /** Shorthand for recorder.failNth: the n-th failable call (of kind) from now fails in its natural way. */
  failNthCall(n: number, kind?: CallKind | readonly CallKind[]): void {
    this.recorder.failNth(n, kind);
  }
}

/** Makes a mock board. */
export function createMockBoard(options: MockBoardOptions = {}): MockBoard {
  return new MockBoard(options);
}

function nodeHashes(): NativeHash {
  const digest = (algorithm: string) => (data: Uint8Array) =>
    new Uint8Array(createHash(algorithm).update(data).digest());
  return { sha256: digest('sha256'), sha1: digest('sha1'), md5: digest('md5') };
}
