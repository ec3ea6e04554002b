// The local cloud in a process of its own, for the fleet benchmark (scripts/bench/fleet-cloud.ts forks it): the
// devices' process then measures only the devices' memory and CPU. Speaks over the IPC channel:
//   → { id, op: 'addProduct', dynamicRegistration }            ← { id, value: { productKey, productSecret } }
//   → { id, op: 'addDevices', productKey, deviceNames }        ← { id, value: null }
//   → { id, op: 'seen', productKey }                           ← { id, value: distinct QoS1 messages seen }
//   → { id, op: 'stop' }                                       ← { id, value: null }, then exits
// and first sends { ready: { hostMap, caPem } }. A failed request answers { id, error }.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCloud } from '../cloud/index';
import type { CloudRequest } from './fleet-cloud';

const dataDir = mkdtempSync(path.join(tmpdir(), 'aliot-bench-fleet-cloud-'));
// Every simulated device connects from 127.0.0.1: the per-address bound (a guard against one peer) is lifted.
const cloud = await startCloud({ dataDir, httpsPort: 0, mqttTlsPort: 0, mqttTcpPort: 0, adminPort: 0, mqttLimits: { connectionsPerAddress: Number.MAX_SAFE_INTEGER } });

/** productKey → distinct "deviceName|payload" of QoS1 messages published up. */
const seen = new Map<string, Set<string>>();
cloud.events.on('published', (e: { direction: string; qos: number; productKey: string; deviceName: string; preview: string }) => {
  if (e.direction !== 'up' || e.qos !== 1) return;
  let set = seen.get(e.productKey);
  if (!set) seen.set(e.productKey, (set = new Set()));
  set.add(`${e.deviceName}|${e.preview}`);
});

let stopping: Promise<void> | undefined;

function stop(): Promise<void> {
  stopping ??= cloud.stop().finally(() => rmSync(dataDir, { recursive: true, force: true }));
  return stopping;
}

function answer(request: CloudRequest): unknown {
  switch (request.op) {
    case 'addProduct': {
      const p = cloud.registry.products.add({ dynamicRegistration: request.dynamicRegistration }, Date.now());
      return { productKey: p.productKey, productSecret: p.productSecret };
    }
    case 'addDevices':
      cloud.registry.devices.add(request.productKey, request.deviceNames, Date.now());
      return null;
    case 'seen':
      return seen.get(request.productKey)?.size ?? 0;
    default:
      return null;
  }
}

process.on('message', (message: CloudRequest & { id: number }) => {
  if (message.op === 'stop') {
    void stop().then(() => {
      process.send!({ id: message.id, value: null }, () => process.exit(0));
    });
    return;
  }
  try {
    process.send!({ id: message.id, value: answer(message) });
  } catch (error) {
    process.send!({ id: message.id, error: String(error) });
  }
});

// The parent went away: do not linger with open listeners.
process.on('disconnect', () => {
  void stop().finally(() => process.exit(0));
});

process.send!({ ready: { hostMap: cloud.hostMap, caPem: cloud.caPem } });
