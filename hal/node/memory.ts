import type { MemoryProbe, MemoryReading } from '../types';

/** The V8 heap as process.memoryUsage() reports it, in bytes. */
export const nodeMemory: MemoryProbe = {
  read(): MemoryReading {
    const usage = process.memoryUsage();
    return { used: usage.heapUsed, free: Math.max(0, usage.heapTotal - usage.heapUsed), unit: 'bytes' };
  },
};
