// Clock on getTime() (seconds since boot, fractional), Date.now() and setTimeout (spec/espruino.md §1e).
import type { Clock, TimerId } from '../types';
import { secondsSinceBoot, startTimer, stopTimer } from './natives';

const WRAP = 4294967296;
/** Before SNTP, Date.now() counts from about 1970 after power-up; anything before 2020-09 is "not set". */
const EARLIEST_REAL_TIME_MS = 1.6e12;

/** An integer in [0, 2^32) by arithmetic: Espruino's `>>> 0` on a large double is not a safe wrap. */
export function wrap32(ms: number): number {
  const whole = Math.floor(ms);
  return whole - Math.floor(whole / WRAP) * WRAP;
}

export class EspruinoClock implements Clock {
  now(): number {
    return wrap32(secondsSinceBoot() * 1000);
  }

  wallTime(): number | undefined {
    const ms = Date.now();
    // Date.now() is fractional on Espruino: floor before any timestamp is built from it.
    return ms >= EARLIEST_REAL_TIME_MS ? Math.floor(ms) : undefined;
  }

  setTimer(ms: number, fn: () => void): TimerId {
    return startTimer(fn, ms > 0 ? ms : 0);
  }

  clearTimer(id: TimerId): void {
    // unknown or already fired ids are ignored, as the contract says
    if (typeof id === 'number') stopTimer(id);
  }
}
