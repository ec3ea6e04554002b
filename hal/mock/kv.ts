import type { HalError, Kv } from '../types';
import { checkKey, checkValue, storeFull, type KvLimits } from '../node/kv-rules';
import type { PowerSwitch } from './power';

/** Flash contents: key → value. A plain object so it can be kept, compared and handed to a new board. */
export type FlashImage = Record<string, string>;

export interface MemoryKvOptions extends Partial<KvLimits> {
  /** Room in the store, counted as the sum of key and value lengths. Default: unlimited. */
  capacity?: number;
  /** Contents at power-on (e.g. a snapshot from a previous boot). */
  flash?: FlashImage;
}

const POWERED_OFF: HalError = { code: 'WRITE_FAILED', message: 'the board is powered off' };

/**
 * In-memory flash with fault injection. Writes (set and remove) that reach the medium are counted from 1;
 * failWrite(k) makes the k-th write from now fail with WRITE_FAILED and leave the store untouched;
 * cutPowerAfterBytes(n) makes the next set store only the first n characters of its value and then cuts
 * the board's power, as a supply failure in the middle of a flash write would.
 */
export class MemoryKv implements Kv {
  private store = new Map<string, string>();
  private limits: KvLimits;
  private capacity: number;
  private writes = 0;
  private failing = new Set<number>();
  private cutAfter: number | undefined;

  constructor(
    private readonly power: PowerSwitch,
    options: MemoryKvOptions = {},
  ) {
    this.limits = { maxKeyLength: options.maxKeyLength ?? 28, maxValueLength: options.maxValueLength ?? 4096 };
    this.capacity = options.capacity ?? Infinity;
    if (options.flash) this.restore(options.flash);
  }

  get(key: string): string | undefined {
    if (!this.power.on) return undefined;
    return this.store.get(key);
  }

  set(key: string, value: string): HalError | null {
    if (!this.power.on) return POWERED_OFF;
    const refused = checkKey(key, this.limits) ?? checkValue(value, this.limits);
    if (refused) return refused;
    const old = this.store.get(key);
    const after = this.usage() - (old === undefined ? 0 : key.length + old.length) + key.length + value.length;
    if (after > this.capacity) return storeFull(key.length + value.length, this.capacity - this.usage());
    const injected = this.countWrite();
    if (injected) return injected;
    if (this.cutAfter !== undefined) {
      const n = this.cutAfter;
      this.cutAfter = undefined;
      this.store.set(key, value.slice(0, Math.max(0, n)));
      this.power.cut();
      return POWERED_OFF;
    }
    this.store.set(key, value);
    return null;
  }

  remove(key: string): HalError | null {
    if (!this.power.on) return POWERED_OFF;
    const injected = this.countWrite();
    if (injected) return injected;
    this.store.delete(key);
    return null;
  }

  // ------------------------------------------------------------------------------------------
  // Test controls

  /** Makes the k-th write from now (k ≥ 1, counting sets and removes that reach the medium) fail. */
  failWrite(k: number): void {
    this.failing.add(this.writes + Math.max(1, Math.floor(k)));
  }

  /**
   * The next set stores exactly the first n characters of its value (all of it when n ≥ its length),
   * then the board loses power: every later HAL call fails until the board reboots.
   */
  cutPowerAfterBytes(n: number): void {
    this.cutAfter = Math.max(0, Math.floor(n));
  }

  /** Cancels a pending cutPowerAfterBytes and pending failWrite plans. */
  clearFaults(): void {
    this.cutAfter = undefined;
    this.failing.clear();
  }

  setCapacity(capacity: number): void {
    this.capacity = capacity;
  }

  /** Characters in use (keys plus values). */
  usage(): number {
    let used = 0;
    for (const [k, v] of this.store) used += k.length + v.length;
    return used;
  }

  /** Writes that reached the medium so far. */
  writeCount(): number {
    return this.writes;
  }

  /** A copy of the flash contents, readable whether or not the board is powered. */
  snapshot(): FlashImage {
    const image: FlashImage = {};
    for (const [k, v] of this.store) image[k] = v;
    return image;
  }

  /** Replaces the flash contents with a snapshot. */
  restore(image: FlashImage): void {
    this.store = new Map(Object.entries(image));
  }

  private countWrite(): HalError | null {
    this.writes++;
    if (!this.failing.delete(this.writes)) return null;
    return { code: 'WRITE_FAILED', message: `injected fault: write #${this.writes} failed` };
  }
}
