import type { BoardDescriptor } from '../hal/types';
import esp32 from './esp32';
import { LEAN_FEATURES } from './features';

/**
 * Espruino's Linux build (spec/espruino.md §5): the ESP32's binding and sizes, but no Wifi module, so the identity
 * comes from getSerial() (a constant "00000000-addeadde-addeadde" unless the build sets one: name the device in
 * the factory record), Storage is the 256 KB ./espruino.flash file, and TLS memory comes from JsVars.
 */
const espruinoLinux: BoardDescriptor = {
  ...esp32,
  name: 'espruino-linux',
  // The same features as the ESP32's image: this is the image the real engines measure.
  image: { entry: 'firmware/espruino-linux.ts', features: LEAN_FEATURES },
  identity: { source: 'serial', deviceNameFormat: 'serial' },
  // Sized for a board whose pool is its whole memory (the real engine with 8,000 JsVars, an ESP32 with BLE off):
  // a thing-model message and a registration reply are a few hundred bytes; every 17 bytes here is a JsVar held
  // for good. Larger packets are drained and reported, never grown into. A registration reply's head is a few
  // hundred bytes: with 768 for it, the head and the reply's body both fit in the idle receive buffer lent to the
  // HTTPS exchange, so registration allocates no buffer of its own.
  sizes: { ...esp32.sizes, mqttRxBuffer: 1024, mqttTxBuffer: 512, httpHeaderCap: 768 },
};

export default espruinoLinux;
