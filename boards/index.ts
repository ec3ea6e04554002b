import type { BoardDescriptor } from '../hal/types';
import esp32 from './esp32';
import espruinoLinux from './espruino-linux';
import espruinoLinuxFull from './espruino-linux-full';
import nodeSim from './node-sim';
import selftest from './selftest';

/** Every board this project knows, by the name used for dist/<name>/ and --board. */
export const boards: BoardDescriptor[] = [nodeSim, esp32, espruinoLinux, espruinoLinuxFull, selftest];

/** The descriptor with this name, or undefined. */
export function findBoard(name: string): BoardDescriptor | undefined {
  for (let i = 0; i < boards.length; i++) {
    if (boards[i].name === name) return boards[i];
  }
  return undefined;
}

export { esp32, espruinoLinux, espruinoLinuxFull, nodeSim, selftest };
