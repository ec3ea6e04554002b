// Memory readings of a QuickJS runtime: current use, the largest value seen at a sample point, named marks.
import type { QuickJSRuntime } from 'quickjs-emscripten';

export interface MemoryMark {
  name: string;
  usedBytes: number;
}

/**
 * `memory_used_size` of the runtime, in bytes, read from the text of `dumpMemoryUsage()`.
 * Not `computeMemoryUsage()`: that one builds its result in a second, hidden context of the same
 * runtime (≈33 KB), which would then be counted in every later reading.
 */
export function readMemoryUsedBytes(runtime: QuickJSRuntime): number {
  const match = /^memory used\s+\d+\s+(\d+)/m.exec(runtime.dumpMemoryUsage());
  if (!match) throw new Error('QuickJS memory dump has no "memory used" line; the quickjs-emscripten format changed');
  return Number(match[1]);
}

/**
 * Samples memory at the points the engine chooses (after each eval, call, timer callback and mark).
 * After `freeze()` (an out-of-memory) it never touches the runtime again and keeps reporting the last
 * reading: reading a runtime whose allocator failed has crashed the wasm before.
 */
export class MemoryMeter {
  private last = 0;
  private peak = 0;
  private frozen = false;
  private readonly markList: MemoryMark[] = [];

  constructor(private readonly read: () => number) {}

  sample(): number {
    if (this.frozen) return this.last;
    this.last = this.read();
    if (this.last > this.peak) this.peak = this.last;
    return this.last;
  }

  mark(name: string): number {
    const usedBytes = this.sample();
    this.markList.push({ name, usedBytes });
    return usedBytes;
  }

  freeze(): void {
    this.frozen = true;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  get lastBytes(): number {
    return this.last;
  }

  get peakBytes(): number {
    return this.peak;
  }

  get marks(): MemoryMark[] {
    return this.markList.map((m) => ({ ...m }));
  }
}
