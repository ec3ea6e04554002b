// Time to online on the Node simulation board (hal/node: real TLS with verification, real files) against the local
// cloud in this process over loopback: link.start() → the 'online' event, for HTTPS registration, MQTT registration
// (register) and a boot with the stored secret. The HAL is timed (hal-timing.ts) and each boot's time is split into
//   tls      open → onConnect per socket: TCP + TLS handshake, client and server side (one thread);
//   kv       the KV store's synchronous work (PERSIST writes + fsync, LOAD reads);
//   runtime  the runtime's own synchronous code in its handlers and timers (signing, encoding, parsing, state
//            machine), HAL calls it makes other than open/KV included (socket writes, i.e. TLS record encryption);
//   waiting  idle with a connection up: the cloud thinking (registry, SQLite, broker) and TLS records in transit;
//   other    idle with no connection up: event-loop turns between a close and the next open, timer latency.
// Beside them, as references on the same cloud: the whole path of a careful Node device doing the same work as an
// HTTPS-registration boot (registration with node:https, the secret written durably — temp file, fsync, rename — and
// the `mqtt` client's login with it), and that client's login with the known secret: mqtt.connect() → TLS done →
// first CONNACK byte → its 'connect' event. Ours and the reference alternate which goes first, run by run.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSecureContext, type SecureContext } from 'node:tls';
import nodeSim from '../../boards/node-sim';
import { createNodeBoard } from '../../hal/node/board';
import { createLink, type LinkConfig, type LinkEvent } from '../../src/index';
import { startCloud, type RunningCloud } from '../cloud/index';
import { deviceMac, deviceNameOf } from './device-ids';
import { HalTiming } from './hal-timing';
import { writeDurably } from './fleet-theirs';
import { connectMqttJs, registerWithHttps, type Identity } from './mqttjs-device';
import { medianOfEach, round } from './stats';
import { splitWindow } from './timeline';

export type BootKind = 'httpsRegister' | 'mqttRegister' | 'storedSecret';
export const BOOT_KINDS: BootKind[] = ['httpsRegister', 'mqttRegister', 'storedSecret'];

export interface BootTiming {
  totalMs: number;
  tlsMs: number;
  kvMs: number;
  runtimeMs: number;
  waitingMs: number;
  otherMs: number;
  handshakes: number;
}

/** The reference: the `mqtt` client logging in with a known secret (TLS + CONNECT → CONNACK). */
export interface ReferenceTiming {
  /** registerWithHttps → secret written durably → mqtt 'connect': the same work as ours with HTTPS registration. */
  registerTotalMs: number;
  /** A second login with the known secret: */
  totalMs: number;
  /** mqtt.connect() → secureConnect. */
  tlsMs: number;
  /** secureConnect → the CONNACK's first byte. */
  waitingMs: number;
  /** The rest: the client's own work before the 'connect' event. */
  clientMs: number;
}

export interface TimeToOnlineResult {
  /** Per boot kind, the median of each figure over the measured runs (so they need not add up exactly). */
  median: Record<BootKind, BootTiming>;
  runs: Record<BootKind, BootTiming[]>;
  reference: { median: ReferenceTiming; runs: ReferenceTiming[] };
  repeats: number;
  warmups: number;
  /** Link states in order, per kind (from the last run). */
  states: Record<BootKind, string[]>;
}

export interface TimeToOnlineOptions {
  repeats?: number;
  warmups?: number;
  timeoutMs?: number;
}

const silentLog = { write() {} };

/** Time-to-online split of one boot, from the recorded timing. */
export function bootTiming(timing: HalTiming, start: number, online: number): BootTiming {
  const split = splitWindow(start, online, timing.layers(online));
  const r = (v: number | undefined) => round(v ?? 0, 2);
  return {
    totalMs: r(split.total),
    tlsMs: r(split.byLayer.tls),
    kvMs: r(split.byLayer.kv),
    runtimeMs: r(split.byLayer.runtime),
    waitingMs: r(split.byLayer.waiting),
    otherMs: r(split.other),
    handshakes: timing.handshakes,
  };
}

/** Boots one device until 'online'; resolves with its timing and the states it went through. */
async function boot(cloud: RunningCloud, kvDir: string, mac: string, config: LinkConfig, timeoutMs: number) {
  const board = createNodeBoard({ kvDir, mac, hostMap: cloud.hostMap, unrefTimers: true, log: silentLog });
  const timing = new HalTiming();
  const link = createLink(timing.instrument(board.hal), nodeSim, { ca: [cloud.caPem], ...config });
  const states: string[] = [];
  try {
    const online = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not online after ${timeoutMs} ms: ${link.state()} ${JSON.stringify(link.lastError())}`)), timeoutMs);
      link.on('state', (e: LinkEvent) => {
        if (e.type === 'state') states.push(e.to);
        if (e.type === 'state' && e.to === 'HALTED') {
          clearTimeout(timer);
          reject(new Error(`halted: ${JSON.stringify(link.lastError())}`));
        }
      });
      link.on('online', () => {
        clearTimeout(timer);
        resolve(performance.now());
      });
    });
    const start = performance.now();
    timing.slice(() => link.start());
    const end = await online;
    return { timing: bootTiming(timing, start, end), states };
  } finally {
    link.stop();
    board.dispose();
  }
}

/** Times a node:https registration + durable write + `mqtt` login, then the client's login with the known secret. */
async function referenceLogin(cloud: RunningCloud, secureContext: SecureContext, id: Identity, productSecret: string, secretFile: string): Promise<ReferenceTiming> {
  // The same TLS set-up as ours: one context trusting the cloud's CA, made once (hal/node shares one per CA list).
  const trust = { hostMap: cloud.hostMap, caPem: cloud.caPem, secureContext };
  const t0 = performance.now();
  const secret = await registerWithHttps(trust, id, productSecret);
  writeDurably(secretFile, secret);
  const first = await connectMqttJs(trust, id, secret);
  const registerTotalMs = performance.now() - t0;
  await first.client.endAsync(true);
  const c = await connectMqttJs(trust, id, secret);
  await c.client.endAsync(true);
  const tls = c.tlsMs ?? 0;
  const firstData = c.firstDataMs ?? tls;
  return { registerTotalMs: round(registerTotalMs, 2), totalMs: round(c.totalMs, 2), tlsMs: round(tls, 2), waitingMs: round(firstData - tls, 2), clientMs: round(c.totalMs - firstData, 2) };
}

export async function benchTimeToOnline(opts: TimeToOnlineOptions = {}): Promise<TimeToOnlineResult> {
  const repeats = opts.repeats ?? 7;
  const warmups = opts.warmups ?? 1;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const work = mkdtempSync(path.join(tmpdir(), 'aliot-bench-tto-'));
  const cloud = await startCloud({ dataDir: path.join(work, 'cloud'), httpsPort: 0, mqttTlsPort: 0, mqttTcpPort: 0, adminPort: 0 });
  const runs: Record<BootKind, BootTiming[]> = { httpsRegister: [], mqttRegister: [], storedSecret: [] };
  const reference: ReferenceTiming[] = [];
  const states = {} as Record<BootKind, string[]>;
  try {
    const product = cloud.registry.products.add({ dynamicRegistration: true }, Date.now());
    const base: LinkConfig = { productKey: product.productKey, productSecret: product.productSecret };
    const secureContext = createSecureContext({ ca: cloud.caPem });
    for (let i = 0; i < warmups + repeats; i++) {
      const macA = deviceMac(2 * i);
      const macB = deviceMac(2 * i + 1);
      const nameC = `MQTTJS${i}`;
      cloud.registry.devices.add(product.productKey, [deviceNameOf(macA), deviceNameOf(macB), nameC], Date.now());
      const kvA = path.join(work, `kv-${2 * i}`);
      const kvB = path.join(work, `kv-${2 * i + 1}`);
      const theirs = () => referenceLogin(cloud, secureContext, { productKey: product.productKey, deviceName: nameC }, product.productSecret, path.join(work, `secret-${i}`));
      // Alternate who goes first, so a warmer process or a busier second favours neither side.
      const theirsFirst = i % 2 === 1 ? await theirs() : undefined;
      const https = await boot(cloud, kvA, macA, base, timeoutMs);
      const stored = await boot(cloud, kvA, macA, base, timeoutMs);
      const mqtt = await boot(cloud, kvB, macB, { ...base, registration: 'mqtt-register' }, timeoutMs);
      const mqttJs = theirsFirst ?? (await theirs());
      if (i < warmups) continue;
      reference.push(mqttJs);
      runs.httpsRegister.push(https.timing);
      runs.storedSecret.push(stored.timing);
      runs.mqttRegister.push(mqtt.timing);
      states.httpsRegister = https.states;
      states.storedSecret = stored.states;
      states.mqttRegister = mqtt.states;
    }
  } finally {
    await cloud.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const median = {} as Record<BootKind, BootTiming>;
  for (const kind of BOOT_KINDS) median[kind] = medianOfEach<keyof BootTiming>(runs[kind]);
  return { median, runs, reference: { median: medianOfEach<keyof ReferenceTiming>(reference), runs: reference }, repeats, warmups, states };
}
