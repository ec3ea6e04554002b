// The fleet section: N of our devices beside N `mqtt` client devices, same work, same cloud (scripts/bench/fleet.ts).

import { benchFleet, type SideFigures } from './fleet';
import type { BenchSection } from './types';

/** Bytes as KiB with one decimal (never -0: a delta around zero prints as 0). */
export function kib(bytes: number): number {
  const v = Math.round(bytes / 102.4) / 10;
  return v === 0 ? 0 : v;
}

function row(name: string, s: SideFigures): (string | number)[] {
  return [
    name,
    `${s.online}/${s.devices}`,
    s.devicesPerSec,
    s.cpuMsPerDevice,
    s.storeMsPerDevice,
    kib(s.heapBytesPerDevice),
    kib(s.memoryBytesPerDevice),
    kib(s.nativeBytesPerDevice),
    kib(s.wholeBytesPerDevice),
    kib(s.rssBytesPerDevice),
    `${s.seen}/${s.publishes}`,
    s.lost,
  ];
}

export const fleetSection: BenchSection = {
  name: 'fleet',
  title: 'Fleet: N devices per side, each side in its own process (HTTPS registration, secret stored, MQTT/TLS login, 1 QoS1 publish/s), ours vs node:https + mqtt',
  async run(options) {
    const r = await benchFleet({ devices: options.devices });
    return {
      table: {
        columns: ['devices', 'online', 'devices/s to online', 'CPU ms/device', 'store ms/device', 'heap KiB/device', 'heap+external KiB/device', 'native KiB/device', 'whole KiB/device', 'RSS KiB/device', 'seen/sent', 'messages lost'],
        rows: [
          row('ours (hal/node + createLink)', r.ours),
          row('node:https + mqtt 5', r.theirs),
          ['ours/theirs (density: theirs/ours)', '', r.onlineRatio, r.cpuRatio, '', r.heapRatio, `density ${r.densityRatio}`, '', `density ${r.wholeDensityRatio}`, `density ${r.rssDensityRatio}`, '', ''],
        ],
      },
      figures: {
        devices: r.devices,
        devicesPerSec: r.ours.devicesPerSec,
        mqttJsDevicesPerSec: r.theirs.devicesPerSec,
        onlineRatio: r.onlineRatio,
        heapBytesPerDevice: r.ours.heapBytesPerDevice,
        mqttJsHeapBytesPerDevice: r.theirs.heapBytesPerDevice,
        heapRatio: r.heapRatio,
        memoryBytesPerDevice: r.ours.memoryBytesPerDevice,
        mqttJsMemoryBytesPerDevice: r.theirs.memoryBytesPerDevice,
        densityRatio: r.densityRatio,
        wholeBytesPerDevice: r.ours.wholeBytesPerDevice,
        mqttJsWholeBytesPerDevice: r.theirs.wholeBytesPerDevice,
        wholeDensityRatio: r.wholeDensityRatio,
        rssDensityRatio: r.rssDensityRatio,
        cpuRatio: r.cpuRatio,
        messagesLost: r.ours.lost,
        mqttJsMessagesLost: r.theirs.lost,
        failures: r.ours.failures,
      },
      json: r,
      note:
        `${r.devices} devices${r.limitedBy ? ` (${r.limitedBy})` : ''}, ${r.concurrency} bring-ups in flight, ` +
        `${r.publishSeconds} s of publishing; each side in a fresh process of its own per round, ${r.warmupDevices} ` +
        `warm-up devices brought up and closed there first; ${r.rounds} rounds, the ` +
        `order alternating (ours first in even rounds), figures the medians (online ratio by round ` +
        `${r.roundRatios.map((x) => x.online).join(', ')}; heap+external density ${r.roundRatios.map((x) => x.density).join(', ')}; ` +
        `whole density ${r.roundRatios.map((x) => x.wholeDensity).join(', ')}); equal work per device ` +
        '(HTTPS registration, secret stored durably — ours in its KV store, theirs temp file + fsync + rename + directory fsync — TLS ' +
        `login with one TLS context per process on both sides, QoS1 posts); ours sized and built as the ESP32 image (MQTT buffers 2048 in, 1024 out; its features: no debug lines), both sides bundled to plain JavaScript; ` +
        `lost = asked to send − distinct messages the cloud saw; cloud in its own process; memory per device, ` +
        `collected before and after bring-up: V8 heap, heap + external (ArrayBuffers, socket buffers), native ` +
        `(rss − heapTotal: OpenSSL's TLS state, buffers, malloc), whole = heap + native, and plain RSS (also V8's ` +
        `young-generation reservations); density = devices per byte, theirs' memory / ours; ` +
        `GC via ${r.gc}; ${Math.round(r.durationMs / 1000)} s`,
    };
  },
};
