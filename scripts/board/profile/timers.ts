// The engine's clock and timer schedule. Pure host-side bookkeeping: which timer ids are due when.
// The callbacks themselves stay inside the VM (the prelude keeps them by id), so no VM handle lives here.

/** Milliseconds since the profile started. */
export interface Clock {
  now(): number;
}

/** Time moves only when the host says so (advance / runUntilIdle jump from due time to due time). */
export class VirtualClock implements Clock {
  private ms = 0;
  now(): number {
    return this.ms;
  }
  /** Moves time forward to `ms`; never backwards. */
  moveTo(ms: number): void {
    if (ms > this.ms) this.ms = ms;
  }
}

/** Wall-clock time since construction. */
export class RealClock implements Clock {
  private readonly start = performance.now();
  now(): number {
    return performance.now() - this.start;
  }
}

/** Shortest repeat period of an interval, so a zero-period interval still lets virtual time move. */
export const MIN_INTERVAL_MS = 1;

interface ScheduledTimer {
  id: number;
  due: number;
  periodMs: number; // 0 for a one-shot timeout
  seq: number; // insertion order, breaks ties between equal due times
}

/** A timer that has come due; `last` is true when it will not fire again (a timeout). */
export interface DueTimer {
  id: number;
  last: boolean;
}

/** Timeouts and intervals ordered by due time, then by the order they were scheduled. */
export class TimerQueue {
  private timers: ScheduledTimer[] = [];
  private nextId = 1;
  private nextSeq = 0;

  /** Schedules a timer `delayMs` after `now`; returns its id (1, 2, 3, … — always truthy). */
  add(now: number, delayMs: number, repeat: boolean): number {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const periodMs = repeat ? Math.max(delay, MIN_INTERVAL_MS) : 0;
    const id = this.nextId++;
    this.timers.push({ id, due: now + (repeat ? periodMs : delay), periodMs, seq: this.nextSeq++ });
    return id;
  }

  /** Removes a timer; false when no such timer is pending (already fired or cleared). */
  clear(id: number): boolean {
    const index = this.timers.findIndex((t) => t.id === id);
    if (index < 0) return false;
    this.timers.splice(index, 1);
    return true;
  }

  clearAll(): void {
    this.timers = [];
  }

  get size(): number {
    return this.timers.length;
  }

  /** Due time of the earliest timer, or undefined when nothing is scheduled. */
  nextDue(): number | undefined {
    const first = this.earliest();
    return first?.due;
  }

  /**
   * Takes the earliest timer due at or before `now`. A timeout leaves the queue; an interval is
   * rescheduled one period after its due time (so a late interval catches up in order).
   */
  takeDue(now: number): DueTimer | undefined {
    const first = this.earliest();
    if (!first || first.due > now) return undefined;
    if (first.periodMs === 0) {
      this.clear(first.id);
      return { id: first.id, last: true };
    }
    first.due += first.periodMs;
    first.seq = this.nextSeq++;
    return { id: first.id, last: false };
  }

  private earliest(): ScheduledTimer | undefined {
    let best: ScheduledTimer | undefined;
    for (const t of this.timers) {
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
