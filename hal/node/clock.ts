import { performance } from 'node:perf_hooks';
import type { Clock, TimerId } from '../types';

const WRAP = 0x100000000;
/** setTimeout's longest delay; longer timers are re-armed in steps. */
const MAX_DELAY = 0x7fffffff;

export interface NodeClockOptions {
  /** Added to the counter before it wraps, so a test can start near 2^32. Default 0. */
  offset?: number;
  /** 'system': Date.now(); 'unset': no wall time (an ESP32 before SNTP). Default 'system'. */
  wallTime?: 'system' | 'unset';
  /** Unref timers so they do not keep the process alive. Default false. */
  unrefTimers?: boolean;
}

/** Real time: now() from performance.now() masked to 32 bits; timers on setTimeout. */
export class NodeClock implements Clock {
  private readonly offset: number;
  private readonly hasWallTime: boolean;
  private readonly unref: boolean;
  private readonly timers = new Map<TimerId, NodeJS.Timeout>();
  private nextId = 1;

  constructor(options: NodeClockOptions = {}) {
    this.offset = Math.floor(options.offset ?? 0);
    this.hasWallTime = (options.wallTime ?? 'system') === 'system';
    this.unref = options.unrefTimers ?? false;
  }

  now(): number {
    const n = (Math.floor(performance.now()) + this.offset) % WRAP;
    return n < 0 ? n + WRAP : n;
  }

  wallTime(): number | undefined {
    return this.hasWallTime ? Math.floor(Date.now()) : undefined;
  }

  setTimer(ms: number, fn: () => void): TimerId {
    const id = this.nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? Math.ceil(ms) : 0;
    this.arm(id, delay, fn);
    return id;
  }

  clearTimer(id: TimerId): void {
    const handle = this.timers.get(id);
    if (handle === undefined) return;
    clearTimeout(handle);
    this.timers.delete(id);
  }

  /** Timers not yet fired or cleared. */
  pending(): number {
    return this.timers.size;
  }

  /** Cancels every timer (board shutdown). */
  clearAll(): void {
    for (const handle of this.timers.values()) clearTimeout(handle);
    this.timers.clear();
  }

  /**
   * setTimeout may fire up to a millisecond early against performance.now() (libuv caches its loop time),
   * and caps delays at 2^31-1 ms; the timer re-arms until the full delay has really passed.
   */
  private arm(id: TimerId, delay: number, fn: () => void): void {
    const due = performance.now() + delay;
    const wait = (ms: number): void => {
      const handle = setTimeout(() => {
        const left = due - performance.now();
        if (left > 0) {
          wait(Math.ceil(left));
          return;
        }
        this.timers.delete(id);
        fn();
      }, Math.min(ms, MAX_DELAY));
      if (this.unref) handle.unref();
      this.timers.set(id, handle);
    };
    wait(delay);
  }
}
