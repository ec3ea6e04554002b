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

interface PendingTimer {
  id: TimerId;
  due: number;
  fn: () => void;
}

/**
 * Real time: now() from performance.now() masked to 32 bits. Timers live in one queue ordered by due time (then by
 * the order they were set) behind a single setTimeout for the earliest, so timers fire in the order they fall due
 * even when libuv wakes up early or late: two setTimeouts of equal delay can otherwise swap when the first one
 * wakes a fraction of a millisecond early and is re-armed while the second is already due.
 */
export class NodeClock implements Clock {
  private readonly offset: number;
  private readonly hasWallTime: boolean;
  private readonly unref: boolean;
  private readonly queue: PendingTimer[] = [];
  private handle: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
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
    const timer: PendingTimer = { id, due: performance.now() + delay, fn };
    let at = this.queue.length;
    while (at > 0 && this.queue[at - 1].due > timer.due) at--;
    this.queue.splice(at, 0, timer);
    this.rearm();
    return id;
  }

  clearTimer(id: TimerId): void {
    const at = this.queue.findIndex((t) => t.id === id);
    if (at < 0) return;
    this.queue.splice(at, 1);
    this.rearm();
  }

  /** Timers not yet fired or cleared. */
  pending(): number {
    return this.queue.length;
  }

  /** Cancels every timer (board shutdown). */
  clearAll(): void {
    this.queue.length = 0;
    this.rearm();
  }

  /** One setTimeout, for the earliest timer; setTimeout caps delays at 2^31-1 ms, so longer waits go in steps. */
  private rearm(): void {
    const head = this.queue[0];
    const due = head ? head.due : Number.POSITIVE_INFINITY;
    if (due === this.armedFor) return;
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
    this.armedFor = due;
    if (!head) return;
    const wait = Math.min(Math.max(0, Math.ceil(due - performance.now())), MAX_DELAY);
    this.handle = setTimeout(() => this.fire(), wait);
    if (this.unref) this.handle.unref();
  }

  /** Runs every timer that is due, in queue order; a wake-up that came early finds none and re-arms. */
  private fire(): void {
    this.handle = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0].due <= now) {
      const timer = this.queue.shift() as PendingTimer;
      timer.fn();
    }
    this.rearm();
  }
}
