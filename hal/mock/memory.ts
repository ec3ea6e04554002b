import type { MemoryProbe, MemoryReading } from '../types';

/** A memory probe whose reading the test sets. */
export class SettableMemory implements MemoryProbe {
  private reading: MemoryReading;

  constructor(initial: MemoryReading = { used: 0, free: 16383, unit: 'jsvars' }) {
    this.reading = { ...initial };
  }

  read(): MemoryReading {
    return { ...this.reading };
  }

  /** Changes the reading (fields not given stay as they were). */
  set(reading: Partial<MemoryReading>): void {
    this.reading = { ...this.reading, ...reading };
  }
}
