import type { Clock, TimerId } from '../types';

const WRAP = 0x100000000; // 2^32
/** advance()/runDue() refuse to run more timers than this in one call: a timer that keeps re-arming itself at 0 ms. */
const RUNAWAY_LIMIT = 1_000_000;

interface PendingTimer {
  id: TimerId;
  /** Virtual milliseconds since the clock was made (never wraps). */
  due: number;
  /** Tie-break: timers due at the same time run in the order they were set. */
  seq: number;
  fn: () => void;
  /** Internal timers (network delivery) are not HAL timers: not listed, not recorded. */
  internal: boolean;
}

export interface VirtualClockOptions {
  /** The first value now() returns, in [0, 2^32). Default 0. Start near 2^32 to test the wrap. */
  start?: number;
  /** Wall time at start (ms since 1970), or undefined for "not set yet" (ESP32 before SNTP). */
  wallTime?: number;
}

/**
 * A deterministic clock: time moves only when the test says so. now() is a 32-bit wrapping millisecond
 * counter; internally time is kept as elapsed milliseconds since creation, which never wraps, so timer
 * order is unaffected by the wrap.
 */
export class VirtualClock implements Clock {
  private elapsed = 0;
  private readonly start: number;
  private wallBase: number | undefined;
  private wallSetAt = 0;
  private timers: PendingTimer[] = [];
  private nextId = 1;
  private nextSeq = 1;
  /** When false (board powered off) no timer runs; advance() only moves time. */
  running = true;

  constructor(options: VirtualClockOptions = {}) {
    this.start = normaliseStart(options.start ?? 0);
    this.setWallTime(options.wallTime);
  }

  now(): number {
    return (this.start + this.elapsed) % WRAP;
  }

  /** Milliseconds of virtual time since the clock was made; never wraps. */
  elapsedMs(): number {
    return this.elapsed;
  }

  wallTime(): number | undefined {
    if (this.wallBase === undefined) return undefined;
    return Math.floor(this.wallBase + (this.elapsed - this.wallSetAt));
  }

  /** Sets the wall time as of now (it then advances with the virtual clock), or unsets it. */
  setWallTime(ms: number | undefined): void {
    this.wallBase = ms === undefined ? undefined : Math.floor(ms);
    this.wallSetAt = this.elapsed;
  }

  /** The board's time floor (hal/types Clock.ensureWallTimeAtLeast). */
  ensureWallTimeAtLeast(ms: number): void {
    const wall = this.wallTime();
    if (wall === undefined || wall < ms) this.setWallTime(ms);
  }

  setTimer(ms: number, fn: () => void): TimerId {
    return this.schedule(ms, fn, false);
  }

  clearTimer(id: TimerId): void {
    const i = this.timers.findIndex((t) => t.id === id);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Runs fn after ms virtual milliseconds without it counting as a HAL timer (used by the scripted network). */
  defer(ms: number, fn: () => void): void {
    this.schedule(ms, fn, true);
  }

  /** Moves time forward by ms, running every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.elapsed + Math.max(0, Math.floor(ms));
    this.runUntil(target);
    this.elapsed = target;
  }

  /** Runs the timers due now (including 0 ms timers they set), without moving time. */
  runDue(): void {
    this.runUntil(this.elapsed);
  }

  /** Moves time to the next pending timer and runs everything due then; false when nothing is pending. */
  runNext(): boolean {
    const next = this.earliest();
    if (!next) return false;
    this.advance(Math.max(0, next.due - this.elapsed));
    return true;
  }

  /** HAL timers still pending, as milliseconds from now, in firing order. */
  pendingTimers(): number[] {
    return this.sorted()
      .filter((t) => !t.internal)
      .map((t) => t.due - this.elapsed);
  }

  /** True when any timer (HAL or internal) is pending. */
  hasPending(): boolean {
    return this.timers.length > 0;
  }

  /** Drops every pending timer: a reboot or power cut. */
  clearAll(): void {
    this.timers = [];
  }

  private schedule(ms: number, fn: () => void, internal: boolean): TimerId {
    const delay = Number.isFinite(ms) && ms > 0 ? Math.ceil(ms) : 0;
    const id = this.nextId++;
    this.timers.push({ id, due: this.elapsed + delay, seq: this.nextSeq++, fn, internal });
    return id;
  }

  private runUntil(target: number): void {
    let ran = 0;
    for (;;) {
      if (!this.running) return;
      const next = this.earliest();
      if (!next || next.due > target) return;
      this.timers.splice(this.timers.indexOf(next), 1);
      if (next.due > this.elapsed) this.elapsed = next.due;
      if (++ran > RUNAWAY_LIMIT) throw new Error('VirtualClock: runaway timers (a timer keeps re-arming at 0 ms)');
      next.fn();
    }
  }

  private earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private sorted(): PendingTimer[] {
    return this.timers.slice().sort((a, b) => a.due - b.due || a.seq - b.seq);
  }
}

function normaliseStart(start: number): number {
  const s = Math.floor(start) % WRAP;
  return s < 0 ? s + WRAP : s;
}
