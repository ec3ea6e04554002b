import espruinoLinuxFull from '../boards/espruino-linux-full';
import { runFirmware } from './app/main';

// Image entry for Espruino's Linux build with every feature (dist/espruino-linux-full/image.js).
runFirmware(espruinoLinuxFull);
