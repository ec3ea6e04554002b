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
    kib(s.arrayBufferBytesPerDevice),
    `${s.seen}/${s.publishes}`,
    s.lost,
  ];
}

export const fleetSection: BenchSection = {
  name: 'fleet',
  title: 'Fleet: N devices in one process (HTTPS registration, secret stored, MQTT/TLS login, 1 QoS1 publish/s), ours vs node:https + mqtt',
  async run(options) {
    const r = await benchFleet({ devices: options.devices });
    return {
      table: {
        columns: ['devices', 'online', 'devices/s to online', 'CPU ms/device', 'store ms/device', 'heap KiB/device', 'ArrayBuffer KiB/device', 'seen/sent', 'messages lost'],
        rows: [row('ours (hal/node + createLink)', r.ours), row('node:https + mqtt 5', r.theirs), ['ratio ours/theirs', '', r.onlineRatio, r.cpuRatio, '', r.heapRatio, '', '', '']],
      },
      figures: {
        devices: r.devices,
        devicesPerSec: r.ours.devicesPerSec,
        mqttJsDevicesPerSec: r.theirs.devicesPerSec,
        onlineRatio: r.onlineRatio,
        heapBytesPerDevice: r.ours.heapBytesPerDevice,
        mqttJsHeapBytesPerDevice: r.theirs.heapBytesPerDevice,
        heapRatio: r.heapRatio,
        cpuRatio: r.cpuRatio,
        messagesLost: r.ours.lost,
        mqttJsMessagesLost: r.theirs.lost,
        failures: r.ours.failures,
      },
      json: r,
      note:
        `${r.devices} devices${r.limitedBy ? ` (${r.limitedBy})` : ''}, ${r.concurrency} bring-ups in flight, ` +
        `${r.publishSeconds} s of publishing, ${r.warmupDevices} warm-up devices per side first; equal work per device ` +
        '(HTTPS registration, secret stored durably — ours in its KV store, theirs temp file + fsync + rename — TLS ' +
        `login, QoS1 posts); lost = asked to send − distinct messages the cloud saw; cloud in a child ` +
        `process, so CPU and memory here are the devices' (TLS state inside OpenSSL is in neither heap nor ` +
        `ArrayBuffers); memory after GC via ${r.gc}; ${Math.round(r.durationMs / 1000)} s`,
    };
  },
};
