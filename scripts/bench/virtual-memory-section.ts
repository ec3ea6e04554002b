import { benchVirtualMemory } from './virtual-memory';
import type { BenchSection } from './types';

export const virtualMemorySection: BenchSection = {
  name: 'virtualMemory',
  title: 'Memory of the esp32 image on the virtual ESP32, per phase (QuickJS bytes, compiled image included)',
  async run() {
    const r = await benchVirtualMemory();
    const kib = (n: number) => Math.round(n / 102.4) / 10;
    return {
      table: {
        columns: ['boot', 'registering', 'online idle', 'online under load', 'largest', 'board budget', 'largest / budget'],
        rows: [[kib(r.bootBytes), kib(r.registeringBytes), kib(r.onlineIdleBytes), kib(r.onlineLoadBytes), kib(r.largestBytes), kib(r.budgetBytes), Math.round((r.largestBytes / r.budgetBytes) * 1000) / 1000]],
      },
      figures: {
        bootBytes: r.bootBytes,
        registeringBytes: r.registeringBytes,
        onlineIdleBytes: r.onlineIdleBytes,
        onlineLoadBytes: r.onlineLoadBytes,
        largestBytes: r.largestBytes,
        budgetUse: r.largestBytes / r.budgetBytes,
        loadRepliesMissing: r.loadMessages - r.loadReplies,
      },
      json: r,
      note: `KiB; load = ${r.loadMessages} property sets from the cloud, ${r.loadReplies} answered; budget = boards/esp32 memoryBudget.virtualLimitBytes`,
    };
  },
};
