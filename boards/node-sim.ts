import type { BoardDescriptor } from '../hal/types';

/**
 * The simulation board: the runtime on Node with hal/node (real files, real sockets, real TLS with
 * verification and a host map to the local cloud). Sizes are roomier than the ESP32's so the simulator can
 * carry larger messages, but still fixed: the runtime allocates exactly these and never grows.
 */
const nodeSim: BoardDescriptor = {
  name: 'node-sim',
  binding: 'node',
  sizes: {
    // What a simulated device needs: an Alink request or reply of a few KB each way (a real ESP32 holds 2 KB / 1 KB).
    // Every simulated device holds these for good, so a fleet of them pays for each byte a thousand times.
    mqttRxBuffer: 4096,
    mqttTxBuffer: 4096,
    httpBodyCap: 4096,
    httpHeaderCap: 4096,
    qos1Window: 16,
    offlineQueue: 64,
  },
  // The runtime's share of the V8 heap (process.memoryUsage().heapUsed) at its peak.
  memoryBudget: { limit: 64 * 1024 * 1024, unit: 'bytes' },
  // MAC from configuration, or the machine's first non-internal interface; DeviceName as on the ESP32.
  identity: { source: 'mac', deviceNameFormat: 'mac-upper' },
  caBundle: ['globalsign-r1', 'globalsign-r6'],
  caps: {
    tlsVerifiesPeer: true,
    maxTlsSockets: 4,
    hasNativeHash: true,
    // Same limit as Espruino Storage so a key that would be truncated on the device fails here first.
    maxKeyLength: 28,
    maxValueLength: 4096,
  },
};

export default nodeSim;
