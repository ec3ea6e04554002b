import espruinoLinux from '../boards/espruino-linux';
import { runFirmware } from './app/main';

// Image entry for Espruino's Linux build: the same binding, no Wifi module (identity from getSerial()).
runFirmware(espruinoLinux);
