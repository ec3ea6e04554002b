import type { BoardDescriptor } from '../hal/types';
import espruinoLinux from './espruino-linux';
import { ALL_FEATURES } from './features';

/** Espruino's Linux build with every feature in the image: every way in (MQTT registration, HTTPS authentication…). */
const espruinoLinuxFull: BoardDescriptor = {
  ...espruinoLinux,
  name: 'espruino-linux-full',
  image: { entry: 'firmware/espruino-linux-full.ts', features: ALL_FEATURES },
};

export default espruinoLinuxFull;
