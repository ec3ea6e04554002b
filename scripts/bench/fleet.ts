// Fleet benchmark: N devices in this process against the local cloud in a child process (fleet-cloud.ts): ours
// (hal/node board + createLink each) and the same number of node:https + `mqtt` client devices, one side after the
// other, in rounds whose order alternates (ours first in even rounds), each figure the median of the rounds. Both sides
// do the same work per device: HTTPS dynamic registration, a durable write of the secret, a TLS MQTT login with it,
// then one QoS1 property post per second for a few seconds. Reported per side: devices/s to online (with `concurrency`
// bring-ups in flight), this process's CPU and memory per online device, messages lost (asked to send, never seen
// by the cloud). With the cloud in its own process, memory and CPU here are the devices' alone.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { deviceMac, deviceNameOf } from './device-ids';
import { startCloudChild, type CloudChild } from './fleet-cloud';
import { oursSide } from './fleet-ours';
import { pool, propertyPost, propertyPostTopic, type FleetContext, type FleetSide } from './fleet-side';
import { theirsSide } from './fleet-theirs';
import { devicesWithinLimit, garbageCollector, openFileLimit } from './process-limits';
import { median, medianOfEach, perSecond, round } from './stats';

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
  /** Devices each side brings up (and closes) first, unmeasured, to warm the code; default 20. */
  warmupDevices?: number;
  /** Rounds, each measuring both sides, ours first in even rounds and theirs first in odd ones; default 2. */
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
  rssDensityRatio: number;
  /** Each round's ratios, for the spread. */
  roundRatios: { online: number; density: number; rssDensity: number }[];
  durationMs: number;
}

type SideFactory = (ctx: FleetContext) => FleetSide;

interface Run {
  cloud: CloudChild;
  concurrency: number;
  publishSeconds: number;
  bringUpTimeoutMs: number;
  gc: (() => void) | null;
  root: string;
}

const DELIVERY_WAIT_MS = 20_000;
/**
 * After a side closes, its sockets may live on for up to 5 s (hal/node/socket.ts lets an owner-closed socket flush
 * for LINGER_MS = 5000 before destroying it): the next side's memory baseline is read after that, so garbage of
 * the previous side is not freed inside the next side's window.
 */
const SETTLE_MS = 5_500;

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, SETTLE_MS));
}

function collect(run: Run): NodeJS.MemoryUsage {
  run.gc?.();
  return process.memoryUsage();
}

async function context(run: Run, label: string, n: number): Promise<FleetContext> {
  const product = await run.cloud.addProduct(true);
  const macs = Array.from({ length: n }, (_, i) => deviceMac(i));
  const deviceNames = macs.map(deviceNameOf);
  await run.cloud.addDevices(product.productKey, deviceNames);
  const workDir = mkdtempSync(path.join(run.root, `${label}-`));
  return { cloud: run.cloud, ...product, macs, deviceNames, workDir, bringUpTimeoutMs: run.bringUpTimeoutMs };
}

/** Every online device publishes once a second for `seconds`, spread evenly over each second. */
function publishPhase(side: FleetSide, ctx: FleetContext, online: number[], seconds: number): Promise<{ publishes: number; refused: number }> {
  let publishes = 0;
  let refused = 0;
  let remaining = online.length * seconds;
  return new Promise((resolve) => {
    if (remaining === 0) return resolve({ publishes, refused });
    online.forEach((i, slot) => {
      const topic = propertyPostTopic(ctx.productKey, ctx.deviceNames[i]!);
      for (let k = 0; k < seconds; k++) {
        setTimeout(() => {
          publishes++;
          if (!side.publish(i, topic, propertyPost(k))) refused++;
          if (--remaining === 0) resolve({ publishes, refused });
        }, k * 1000 + Math.floor((slot * 1000) / online.length));
      }
    });
  });
}

async function delivered(run: Run, side: FleetSide, productKey: string, expected: number): Promise<number> {
  const deadline = performance.now() + DELIVERY_WAIT_MS;
  let seen = await run.cloud.seen(productKey);
  while ((seen < expected || side.unacked() > 0) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    seen = await run.cloud.seen(productKey);
  }
  return seen;
}

async function bringUpAll(run: Run, side: FleetSide, n: number): Promise<number[]> {
  const online: number[] = [];
  await pool(n, run.concurrency, async (i) => {
    if (await side.bringUp(i)) online.push(i);
  });
  return online.sort((a, b) => a - b);
}

/** Brings a few devices up and closes them again: JIT, TLS contexts and modules warmed, nothing measured. */
async function warmUp(run: Run, label: string, make: SideFactory, n: number): Promise<void> {
  if (n <= 0) return;
  const ctx = await context(run, `${label}-warmup`, n);
  const side = make(ctx);
  await bringUpAll(run, side, n);
  await side.close();
}

async function measureSide(run: Run, label: string, make: SideFactory, n: number): Promise<SideFigures> {
  const ctx = await context(run, label, n);
  const side = make(ctx);
  try {
    const before = collect(run);
    const cpu0 = process.cpuUsage();
    const store0 = side.storeMs();
    const t0 = performance.now();
    const online = await bringUpAll(run, side, n);
    const bringUpMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const storeMs = side.storeMs() - store0;
    const after = collect(run);
    const count = Math.max(1, online.length);
    const sent = await publishPhase(side, ctx, online, run.publishSeconds);
    const seen = await delivered(run, side, ctx.productKey, sent.publishes - sent.refused);
    return {
      devices: n,
      online: online.length,
      failures: n - online.length,
      bringUpMs: Math.round(bringUpMs),
      devicesPerSec: perSecond(online.length, bringUpMs),
      cpuMsPerDevice: round((cpu.user + cpu.system) / 1000 / count, 2),
      storeMsPerDevice: round(storeMs / count, 2),
      heapBytesPerDevice: Math.round((after.heapUsed - before.heapUsed) / count),
      arrayBufferBytesPerDevice: Math.round((after.arrayBuffers - before.arrayBuffers) / count),
      memoryBytesPerDevice: Math.round((after.heapUsed + after.external - before.heapUsed - before.external) / count),
      rssBytesPerDevice: Math.round((after.rss - before.rss) / count),
      publishes: sent.publishes,
      refused: sent.refused,
      seen,
      lost: sent.publishes - seen,
      unackedAtEnd: side.unacked(),
    };
  } finally {
    await side.close();
  }
}

export async function benchFleet(opts: FleetOptions = {}): Promise<FleetResult> {
  const started = performance.now();
  const requested = opts.devices ?? 1000;
  const fdLimit = openFileLimit();
  // Each device holds one socket at a time; the sides run one after the other; the cloud has its own process.
  const fit = devicesWithinLimit(requested, fdLimit, 1);
  const n = fit.devices;
  const warmupDevices = Math.min(opts.warmupDevices ?? 20, n);
  const collector = garbageCollector();
  const root = mkdtempSync(path.join(tmpdir(), 'aliot-bench-fleet-'));
  const cloud = await startCloudChild();
  const run: Run = {
    cloud,
    concurrency: opts.concurrency ?? 100,
    publishSeconds: opts.publishSeconds ?? 5,
    bringUpTimeoutMs: opts.bringUpTimeoutMs ?? 60_000,
    gc: collector.gc,
    root,
  };
  try {
    await warmUp(run, 'ours', oursSide, warmupDevices);
    await warmUp(run, 'theirs', theirsSide, warmupDevices);
    const rounds = Math.max(1, opts.rounds ?? 2);
    const oursRounds: SideFigures[] = [];
    const theirsRounds: SideFigures[] = [];
    for (let r = 0; r < rounds; r++) {
      const order: [string, SideFactory, SideFigures[]][] = [
        ['ours', oursSide, oursRounds],
        ['theirs', theirsSide, theirsRounds],
      ];
      if (r % 2 === 1) order.reverse();
      for (const [label, make, into] of order) {
        await settle();
        into.push(await measureSide(run, `${label}-${r}`, make, n));
      }
    }
    const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : 0);
    const roundRatios = oursRounds.map((o, i) => ({
      online: ratio(o.devicesPerSec, theirsRounds[i]!.devicesPerSec),
      density: ratio(theirsRounds[i]!.memoryBytesPerDevice, o.memoryBytesPerDevice),
      rssDensity: ratio(theirsRounds[i]!.rssBytesPerDevice, o.rssBytesPerDevice),
    }));
    const ours = medianFigures(oursRounds);
    const theirs = medianFigures(theirsRounds);
    return {
      requestedDevices: requested,
      devices: n,
      fdLimit: fdLimit === undefined || !Number.isFinite(fdLimit) ? null : fdLimit,
      ...(fit.reason ? { limitedBy: fit.reason } : {}),
      gc: collector.how,
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
      rssDensityRatio: median(roundRatios.map((x) => x.rssDensity)),
      roundRatios,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await cloud.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
