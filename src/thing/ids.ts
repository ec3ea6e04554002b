import type { Random } from '../../hal/types';

// Alink request ids: "<uint32 as string, unique per device>" (spec/protocol.md §7). A counter that starts at a
// random point each boot, so ids from before and after a reboot do not collide in practice.

export interface IdSource {
  next(): string;
}

/** A counter from a random 31-bit start (kept below 2^31 so it stays a small positive number). */
export function createIdSource(random: Random): IdSource {
  const b = random.bytes(4);
  let counter = (((b[0]! & 0x7f) << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return {
    next: function () {
      counter = counter >= 0xfffffffe ? 1 : counter + 1;
      return String(counter);
    },
  };
}
