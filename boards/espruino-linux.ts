import type { BoardDescriptor } from '../hal/types';
import esp32 from './esp32';

/**
 * Espruino's Linux build (spec/espruino.md §5): the ESP32's binding and sizes, but no Wifi module, so the identity
 * comes from getSerial() (a constant "00000000-addeadde-addeadde" unless the build sets one: name the device in
 * the factory record), Storage is the 256 KB ./espruino.flash file, and TLS memory comes from JsVars.
 */
const espruinoLinux: BoardDescriptor = {
  ...esp32,
  name: 'espruino-linux',
  image: { entry: 'firmware/espruino-linux.ts' },
  identity: { source: 'serial', deviceNameFormat: 'serial' },
};

export default espruinoLinux;
