// Fleet benchmark: N devices against the local cloud in a child process (fleet-cloud.ts): ours (hal/node board +
// createLink each) and the same number of node:https + `mqtt` client devices, one side after the other, in rounds
// whose order alternates (ours first in even rounds), each figure the median of the rounds. Both sides do the same
// work per device: HTTPS dynamic registration, a durable write of the secret, a TLS MQTT login with it (TLS 1.3,
// certificate and name verified, one TLS context per process on both sides), then one QoS1 property post per second
// for a few seconds. Each side runs in a fresh process of its own (fleet-side-child.ts), warmed up the same way, so
// its memory growth is its devices' alone. Reported per side: devices/s to online (with `concurrency` bring-ups in
// flight), CPU and memory per online device (V8 heap, heap + external, native, whole = heap + native, RSS), messages
// lost (asked to send, never seen by the cloud).

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { deviceMac, deviceNameOf } from './device-ids';
import { startCloudChild, type CloudChild } from './fleet-cloud';
import type { FleetContext } from './fleet-side';
import { bundleFleetSide } from './fleet-side-bundle';
import type { SideJob, SideMeasurement, SideName } from './fleet-side-child';
import { devicesWithinLimit, openFileLimit } from './process-limits';
import { median, medianOfEach, round } from './stats';

/**
 * Per figure, the median over the rounds; the losses and failures are the worst round's (a message lost in any
 * round is lost). The median of an even count is the lower middle one (stats.median).
 */
export function medianFigures(rounds: SideFigures[]): SideFigures {
  const m = medianOfEach(rounds as unknown as Record<string, number>[]) as unknown as SideFigures;
  for (const key of ['failures', 'lost', 'refused', 'unackedAtEnd'] as const) m[key] = Math.max(...rounds.map((r) => r[key]));
  return m;
}

export interface FleetOptions {
  /** Default 1000. */
  devices?: number;
  /** Bring-ups in flight at once, each side; default 100. */
  concurrency?: number;
  /** Seconds of one QoS1 publish per device per second; default 5. */
  publishSeconds?: number;
  /** Devices each side's process brings up (and closes) first, unmeasured, to warm the code; default 20. */
  warmupDevices?: number;
  /** Rounds, each measuring both sides, ours first in even rounds and theirs first in odd ones; default 3. */
  rounds?: number;
  bringUpTimeoutMs?: number;
}

export interface SideFigures {
  devices: number;
  online: number;
  failures: number;
  bringUpMs: number;
  devicesPerSec: number;
  /** This process's CPU time (user + system) during bring-up, per online device. */
  cpuMsPerDevice: number;
  /** Time blocked in synchronous credential storage (writes + fsync, reads) during bring-up, per online device. */
  storeMsPerDevice: number;
  /** process.memoryUsage() deltas from before bring-up to all online, per online device. */
  heapBytesPerDevice: number;
  arrayBufferBytesPerDevice: number;
  /** V8 heap plus everything V8 knows is held outside it for JS objects (ArrayBuffers, socket buffers): `external`. */
  memoryBytesPerDevice: number;
  /** Resident memory outside V8's heap (rss − heapTotal): OpenSSL's TLS state, ArrayBuffer stores, libuv, malloc. */
  nativeBytesPerDevice: number;
  /** Everything a device holds: live V8 heap + native. */
  wholeBytesPerDevice: number;
  /** Plain RSS growth (also V8's reservations, which swing with the young generation's size). */
  rssBytesPerDevice: number;
  /** QoS1 publishes asked for, refused at once by the client, seen by the cloud, and lost (asked − seen). */
  publishes: number;
  refused: number;
  seen: number;
  lost: number;
  unackedAtEnd: number;
}

export interface FleetResult {
  requestedDevices: number;
  devices: number;
  fdLimit: number | null;
  limitedBy?: string;
  gc: string;
  concurrency: number;
  publishSeconds: number;
  warmupDevices: number;
  rounds: number;
  /** The median over the rounds of each figure, per side. */
  ours: SideFigures;
  theirs: SideFigures;
  /** Each round's figures, in round order (ours measured first in even rounds). */
  oursRounds: SideFigures[];
  theirsRounds: SideFigures[];
  /** ours / theirs, the median of the rounds' ratios. */
  onlineRatio: number;
  heapRatio: number;
  cpuRatio: number;
  /** Devices per unit of memory, ours over theirs: theirs memory / ours memory (above 1: ours packs denser). */
  densityRatio: number;
  /** The same with whole memory (live heap + native, fleet-side-child.ts memoryPerDevice). */
  wholeDensityRatio: number;
  rssDensityRatio: number;
  /** Each round's ratios, for the spread. */
  roundRatios: { online: number; density: number; wholeDensity: number; rssDensity: number }[];
  durationMs: number;
}

interface Run {
  cloud: CloudChild;
  concurrency: number;
  publishSeconds: number;
  bringUpTimeoutMs: number;
  warmupDevices: number;
  root: string;
  /** The side processes' code (fleet-side-bundle.ts). */
  script: string;
  /** How the side processes collect garbage (from the first one's answer). */
  gc?: string;
}

const DELIVERY_WAIT_MS = 20_000;
/**
 * After the warm-up devices close, their sockets may live on for up to 5 s (hal/node/socket.ts lets an owner-closed
 * socket flush for LINGER_MS = 5000 before destroying it): the baseline is read after that, so they are not freed
 * inside the measured window.
 */
const SETTLE_MS = 5_500;
/**
 * V8 flags of both sides' processes: the young generation capped at 1 MiB a semi-space, so it cannot grow by tens
 * of MiB during one bring-up and RSS growth is the devices' memory rather than the collector's sizing.
 */
export const SIDE_V8_FLAGS = ['--max-semi-space-size=1'];

let contexts = 0;

async function context(run: Run, label: string, n: number, first = 0): Promise<FleetContext> {
  const product = await run.cloud.addProduct(true);
  const macs = Array.from({ length: n }, (_, i) => deviceMac(first + i));
  const deviceNames = macs.map(deviceNameOf);
  await run.cloud.addDevices(product.productKey, deviceNames);
  const workDir = mkdtempSync(path.join(run.root, `${label}-${contexts++}-`));
  const cloud = { hostMap: run.cloud.hostMap, caPem: run.cloud.caPem };
  return { cloud, ...product, macs, deviceNames, workDir, bringUpTimeoutMs: run.bringUpTimeoutMs };
}

async function delivered(run: Run, productKey: string, expected: number): Promise<number> {
  const deadline = performance.now() + DELIVERY_WAIT_MS;
  let seen = await run.cloud.seen(productKey);
  while (seen < expected && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    seen = await run.cloud.seen(productKey);
  }
  return seen;
}

/** Forks a side's process (the bundled JavaScript, garbage collection exposed) and has it run the job. */
function inChild(script: string, job: SideJob): { measured: Promise<SideMeasurement>; close: () => Promise<void> } {
  const child = fork(script, ['--fleet-side-child'], {
    execArgv: ['--expose-gc', ...SIDE_V8_FLAGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const measured = new Promise<SideMeasurement>((resolve, reject) => {
    child.on('message', (m: { measured?: SideMeasurement; gc?: string; error?: string }) => {
      if (m.measured) resolve({ ...m.measured, gc: m.gc } as SideMeasurement & { gc?: string });
      else if (m.error !== undefined) reject(new Error(`fleet side ${job.side}: ${m.error}`));
    });
    child.once('exit', (code) => reject(new Error(`fleet side ${job.side} exited (code ${code})`)));
  });
  child.send({ job });
  return {
    measured,
    close: async () => {
      if (child.exitCode === null && child.connected) child.send({ close: true });
      const timer = setTimeout(() => child.kill(), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function measureSide(run: Run, label: string, side: SideName, n: number): Promise<SideFigures> {
  const ctx = await context(run, label, n);
  // Warm-up devices are other devices (a registered device cannot register again), of the same product family.
  const warmup = run.warmupDevices > 0 ? await context(run, `${label}-warmup`, run.warmupDevices, n) : null;
  const child = inChild(run.script, { side, ctx, warmup, concurrency: run.concurrency, publishSeconds: run.publishSeconds, settleMs: SETTLE_MS, deliveryWaitMs: DELIVERY_WAIT_MS });
  try {
    const m = (await child.measured) as SideMeasurement & { gc?: string };
    run.gc ??= m.gc;
    const seen = await delivered(run, ctx.productKey, m.publishes - m.refused);
    return {
      devices: m.devices,
      online: m.online,
      failures: m.devices - m.online,
      bringUpMs: m.bringUpMs,
      devicesPerSec: m.devicesPerSec,
      cpuMsPerDevice: m.cpuMsPerDevice,
      storeMsPerDevice: m.storeMsPerDevice,
      heapBytesPerDevice: m.heapBytesPerDevice,
      arrayBufferBytesPerDevice: m.arrayBufferBytesPerDevice,
      memoryBytesPerDevice: m.memoryBytesPerDevice,
      nativeBytesPerDevice: m.nativeBytesPerDevice,
      wholeBytesPerDevice: m.wholeBytesPerDevice,
      rssBytesPerDevice: m.rssBytesPerDevice,
      publishes: m.publishes,
      refused: m.refused,
      seen,
      lost: m.publishes - seen,
      unackedAtEnd: m.unackedAtEnd,
    };
  } finally {
    await child.close();
  }
}

export async function benchFleet(opts: FleetOptions = {}): Promise<FleetResult> {
  const started = performance.now();
  const requested = opts.devices ?? 1000;
  const fdLimit = openFileLimit();
  // Each device holds one socket at a time; each side has its process; the cloud has its own.
  const fit = devicesWithinLimit(requested, fdLimit, 1);
  const n = fit.devices;
  const warmupDevices = Math.min(opts.warmupDevices ?? 20, n);
  const script = await bundleFleetSide();
  const root = mkdtempSync(path.join(tmpdir(), 'aliot-bench-fleet-'));
  const cloud = await startCloudChild();
  const run: Run = {
    cloud,
    concurrency: opts.concurrency ?? 100,
    publishSeconds: opts.publishSeconds ?? 5,
    bringUpTimeoutMs: opts.bringUpTimeoutMs ?? 60_000,
    warmupDevices,
    root,
    script,
  };
  try {
    const rounds = Math.max(1, opts.rounds ?? 3);
    const oursRounds: SideFigures[] = [];
    const theirsRounds: SideFigures[] = [];
    for (let r = 0; r < rounds; r++) {
      const order: [SideName, SideFigures[]][] = [
        ['ours', oursRounds],
        ['theirs', theirsRounds],
      ];
      if (r % 2 === 1) order.reverse();
      for (const [side, into] of order) into.push(await measureSide(run, `${side}-${r}`, side, n));
    }
    const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : 0);
    const roundRatios = oursRounds.map((o, i) => {
      const t = theirsRounds[i]!;
      return {
        online: ratio(o.devicesPerSec, t.devicesPerSec),
        density: ratio(t.memoryBytesPerDevice, o.memoryBytesPerDevice),
        wholeDensity: ratio(t.wholeBytesPerDevice, o.wholeBytesPerDevice),
        rssDensity: ratio(t.rssBytesPerDevice, o.rssBytesPerDevice),
      };
    });
    const ours = medianFigures(oursRounds);
    const theirs = medianFigures(theirsRounds);
    return {
      requestedDevices: requested,
      devices: n,
      fdLimit: fdLimit === undefined || !Number.isFinite(fdLimit) ? null : fdLimit,
      ...(fit.reason ? { limitedBy: fit.reason } : {}),
      gc: run.gc ?? 'unknown',
      concurrency: run.concurrency,
      publishSeconds: run.publishSeconds,
      warmupDevices,
      rounds,
      ours,
      theirs,
      oursRounds,
      theirsRounds,
      onlineRatio: median(roundRatios.map((x) => x.online)),
      heapRatio: ratio(ours.heapBytesPerDevice, theirs.heapBytesPerDevice),
      cpuRatio: ratio(ours.cpuMsPerDevice, theirs.cpuMsPerDevice),
      densityRatio: median(roundRatios.map((x) => x.density)),
      wholeDensityRatio: median(roundRatios.map((x) => x.wholeDensity)),
      rssDensityRatio: median(roundRatios.map((x) => x.rssDensity)),
      roundRatios,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await cloud.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
