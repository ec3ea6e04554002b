// Random bytes from E.hwRand(), the ESP32's hardware RNG (a 32-bit integer per call).
import type { Random } from '../types';
import { hardwareRandom } from './natives';

export const espruinoRandom: Random = {
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n > 0 ? n : 0);
    let word = 0;
    for (let i = 0; i < out.length; i++) {
      if ((i & 3) === 0) word = hardwareRandom();
      out[i] = word & 255;
      word = word >> 8;
    }
    return out;
  },
};
