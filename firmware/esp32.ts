import esp32 from '../boards/esp32';
import { runFirmware } from './app/main';

// Image entry for classic ESP32 boards running Espruino (dist/esp32/image.js, uploaded as .bootcde).
runFirmware(esp32);
