// The HAL contract suite: one set of assertions every board binding must pass (hal/types.ts).
// Defined once, run by mock.contract.test.ts and node.contract.test.ts.
import { describe } from 'vitest';
import { clockContract } from './contract-clock';
import { kvContract } from './contract-kv';
import { netContract } from './contract-net';
import type { BoardFactory } from './harness';

export function defineHalContract(factory: BoardFactory): void {
  describe(`HAL contract: ${factory.name}`, () => {
    kvContract(factory);
    netContract(factory);
    clockContract(factory);
  });
}
