// One measured side of the fleet benchmark in a process of its own (fleet.ts forks one per side and round): the
// devices of that side are the only thing this process holds, so its memory growth from a baseline to all devices
// online is theirs alone — no garbage or freed pages of the other side, no cloud, no bench bookkeeping. Both sides
// run this same code: warm-up devices brought up and closed, a settle, a collected baseline, the bring-up, the
// collected reading, then one QoS1 publish per device per second, waiting for the acknowledgements.
//   → { job: SideJob }                      ← { measured: SideMeasurement }
//   → { close: true }                       ← { closed: true }, then exits

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { oursSide } from './fleet-ours';
import { pool, propertyPost, propertyPostTopic, type FleetContext, type FleetSide } from './fleet-side';
import { theirsSide } from './fleet-theirs';
import { garbageCollector } from './process-limits';
import { perSecond, round } from './stats';
import type { SideFigures } from './fleet';

export type SideName = 'ours' | 'theirs';

export interface SideJob {
  side: SideName;
  ctx: FleetContext;
  /** Devices brought up and closed first, unmeasured (JIT, TLS context, modules warmed); null for none. */
  warmup: FleetContext | null;
  concurrency: number;
  publishSeconds: number;
  /** Wait after the warm-up closed, before the baseline (owner-closed sockets linger; see fleet.ts). */
  settleMs: number;
  deliveryWaitMs: number;
}

/** What the side's process measured: the figures but the cloud's count of messages seen, which the parent adds. */
export type SideMeasurement = Omit<SideFigures, 'failures' | 'seen' | 'lost'>;

const FACTORIES: Record<SideName, (ctx: FleetContext) => FleetSide> = { ours: oursSide, theirs: theirsSide };

async function bringUpAll(side: FleetSide, n: number, concurrency: number): Promise<number[]> {
  const online: number[] = [];
  await pool(n, concurrency, async (i) => {
    if (await side.bringUp(i)) online.push(i);
  });
  return online.sort((a, b) => a - b);
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

/**
 * Where the side writes heap snapshots, to see where a device's memory goes: ALIOT_FLEET_HEAP_SNAPSHOTS=<dir> makes it
 * write <side>-before.heapsnapshot after the baseline reading and <side>-after.heapsnapshot after the online one
 * (compare them in Chrome DevTools' Comparison view). The figures of such a run are not to be trusted as timings.
 */
function snapshot(side: SideName, when: 'before' | 'after'): void {
  const dir = process.env.ALIOT_FLEET_HEAP_SNAPSHOTS;
  if (dir) writeHeapSnapshot(path.join(dir, `${side}-${when}.heapsnapshot`));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The memory a device holds, from two collected readings: V8 heap (live objects), V8 heap + external (what V8 is
 * told is held outside it: ArrayBuffers, socket buffers), native (resident memory outside V8's heap: OpenSSL's TLS
 * state, ArrayBuffer stores, libuv, malloc), whole = live heap + native, and plain RSS (also V8's own reservations,
 * which swing with the young generation's size).
 */
export function memoryPerDevice(before: NodeJS.MemoryUsage, after: NodeJS.MemoryUsage, count: number) {
  const per = (v: number) => Math.round(v / count);
  const native = after.rss - after.heapTotal - (before.rss - before.heapTotal);
  const heap = after.heapUsed - before.heapUsed;
  return {
    heapBytesPerDevice: per(heap),
    arrayBufferBytesPerDevice: per(after.arrayBuffers - before.arrayBuffers),
    memoryBytesPerDevice: per(heap + after.external - before.external),
    nativeBytesPerDevice: per(native),
    wholeBytesPerDevice: per(heap + native),
    rssBytesPerDevice: per(after.rss - before.rss),
  };
}

export async function runSideJob(job: SideJob, gc: () => void): Promise<{ side: FleetSide; measured: SideMeasurement }> {
  const make = FACTORIES[job.side];
  if (job.warmup) {
    const warm = make(job.warmup);
    await bringUpAll(warm, job.warmup.macs.length, job.concurrency);
    await warm.close();
    await sleep(job.settleMs);
  }
  const n = job.ctx.macs.length;
  const side = make(job.ctx);
  gc();
  const before = process.memoryUsage();
  snapshot(job.side, 'before');
  const cpu0 = process.cpuUsage();
  const store0 = side.storeMs();
  const t0 = performance.now();
  const online = await bringUpAll(side, n, job.concurrency);
  const bringUpMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const storeMs = side.storeMs() - store0;
  gc();
  const after = process.memoryUsage();
  snapshot(job.side, 'after');
  const count = Math.max(1, online.length);
  const sent = await publishPhase(side, job.ctx, online, job.publishSeconds);
  const deadline = performance.now() + job.deliveryWaitMs;
  while (side.unacked() > 0 && performance.now() < deadline) await sleep(50);
  return {
    side,
    measured: {
      devices: n,
      online: online.length,
      bringUpMs: Math.round(bringUpMs),
      devicesPerSec: perSecond(online.length, bringUpMs),
      cpuMsPerDevice: round((cpu.user + cpu.system) / 1000 / count, 2),
      storeMsPerDevice: round(storeMs / count, 2),
      ...memoryPerDevice(before, after, count),
      publishes: sent.publishes,
      refused: sent.refused,
      unackedAtEnd: side.unacked(),
    },
  };
}

// Run as a forked child (fleet.ts): take one job, answer, close on request.
if (process.send && process.argv.includes('--fleet-side-child')) {
  const collector = garbageCollector();
  const gc = collector.gc ?? (() => undefined);
  let side: FleetSide | undefined;
  process.on('message', (message: { job?: SideJob; close?: boolean }) => {
    if (message.job) {
      runSideJob(message.job, gc).then(
        (r) => {
          side = r.side;
          process.send!({ measured: r.measured, gc: collector.how });
        },
        (error: unknown) => process.send!({ error: String(error) }),
      );
    } else if (message.close) {
      void (side ? side.close() : Promise.resolve()).finally(() => process.send!({ closed: true }, () => process.exit(0)));
    }
  });
  process.on('disconnect', () => process.exit(0));
}
