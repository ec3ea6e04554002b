import type { BoardDescriptor } from '../hal/types';

/**
 * The Espruino profile with no peripherals: the image pipeline's self-test runs here (npm start, until
 * the demo exists). Sizes are the ESP32's so the image is held to the same limits.
 */
const selftest: BoardDescriptor = {
  name: 'selftest',
  binding: 'espruino',
  image: { entry: 'firmware/selftest.ts' },
  sizes: { mqttRxBuffer: 1024, mqttTxBuffer: 1024, httpBodyCap: 512, httpHeaderCap: 1024, qos1Window: 4, offlineQueue: 8 },
  memoryBudget: { limit: 256 * 1024, unit: 'bytes' },
  identity: { source: 'serial', deviceNameFormat: 'serial' },
  caBundle: [],
  caps: { tlsVerifiesPeer: false, maxTlsSockets: 1, hasNativeHash: false, maxKeyLength: 28, maxValueLength: 4096 },
};

export default selftest;
