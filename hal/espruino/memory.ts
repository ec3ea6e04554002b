// Memory from process.memory(): JsVars on Espruino (blocksize bytes each); the Espruino-profile runner
// reports bytes with blocksize 1, and the reading says so.
import type { MemoryProbe, MemoryReading } from '../types';
import { memoryNow } from './natives';

export const espruinoMemory: MemoryProbe = {
  read(): MemoryReading {
    try {
      const m = memoryNow();
      return { used: m.usage, free: m.free, unit: m.blocksize === 1 ? 'bytes' : 'jsvars' };
    } catch (e) {
      return { used: 0, free: 0, unit: 'jsvars' };
    }
  },
};
