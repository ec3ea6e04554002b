// Keep-alive [MQTT-3.1.2.10] on one HAL timer.
//
// - A PINGREQ goes out when nothing was written for PING_FRACTION (3/4) of the keep-alive interval, so the broker
//   hears from us well inside the interval (it may drop us after 1.5 of it) — the same margin Moddable uses;
//   writes do not touch the timer: when it fires it measures the idle time and re-arms for the rest.
// - After a PINGREQ the PINGRESP has pingrespTimeoutMs; when it does not come, the link is declared dead exactly
//   pingrespTimeoutMs after the PINGREQ (the timer fires then; other packets arriving meanwhile do not count).
// Times are read from the HAL's wrapping 32-bit clock and compared with elapsedMs.

import type { Clock, TimerId } from '../../../hal/types';
import { elapsedMs } from '../../util/time';

/** PINGREQ after this fraction of the keep-alive interval without a write. */
export const PING_FRACTION = 0.75;
/** Default PINGRESP deadline: a quarter of the interval (ping + deadline stay inside one interval), at most this. */
export const PINGRESP_TIMEOUT_CAP_MS = 10000;

/** The PINGRESP deadline for a keep-alive of `keepaliveSec`, unless the options name one. */
export function defaultPingrespTimeout(keepaliveSec: number): number {
  return Math.min(PINGRESP_TIMEOUT_CAP_MS, Math.floor((keepaliveSec * 1000) / 4));
}

export class Keepalive {
  private readonly clock: Clock;
  private readonly onPingDue: () => void;
  private readonly onDead: () => void;
  private pingAfterMs = 0;
  private pingrespTimeoutMs = 0;
  private lastSentAt = 0;
  private waiting = false;
  private running = false;
  private timer: TimerId = 0;
  private armed = false;
  /** Bumped at every arm and stop, so a timer that fires after being replaced does nothing. */
  private token = 0;

  /**
   * @param onPingDue the client writes PINGREQ (or owes it while the socket is blocked) and calls pingSent()
   * @param onDead no PINGRESP in time: the client closes the link
   */
  constructor(clock: Clock, onPingDue: () => void, onDead: () => void) {
    this.clock = clock;
    this.onPingDue = onPingDue;
    this.onDead = onDead;
  }

  /** Starts for a keep-alive of `keepaliveSec` (0: off), counting idle time from the last noteSent(). */
  start(keepaliveSec: number, pingrespTimeoutMs: number): void {
    this.stop();
    if (keepaliveSec <= 0) return;
    this.running = true;
    this.pingAfterMs = Math.floor(keepaliveSec * 1000 * PING_FRACTION);
    this.pingrespTimeoutMs = pingrespTimeoutMs;
    this.scheduleIdleCheck();
  }

  stop(): void {
    this.running = false;
    this.waiting = false;
    this.disarm();
  }

  isWaitingForPingresp(): boolean {
    return this.waiting;
  }

  /** Something was written at `now` (recorded whether or not keep-alive runs: CONNECT starts the count). */
  noteSent(now: number): void {
    this.lastSentAt = now;
  }

  /** The client wrote (or owes) a PINGREQ: the PINGRESP deadline starts now. */
  pingSent(): void {
    if (!this.running) return;
    this.waiting = true;
    this.arm(this.pingrespTimeoutMs);
  }

  pingresp(): void {
    if (!this.running || !this.waiting) return;
    this.waiting = false;
    this.scheduleIdleCheck();
  }

  private scheduleIdleCheck(): void {
    const idle = elapsedMs(this.lastSentAt, this.clock.now());
    this.arm(idle >= this.pingAfterMs ? 0 : this.pingAfterMs - idle);
  }

  private fire(): void {
    if (!this.running) return;
    if (this.waiting) {
      this.stop();
      this.onDead();
      return;
    }
    const idle = elapsedMs(this.lastSentAt, this.clock.now());
    if (idle >= this.pingAfterMs) this.onPingDue();
    else this.arm(this.pingAfterMs - idle);
  }

  private arm(ms: number): void {
    this.disarm();
    const token = this.token;
    this.armed = true;
    const self = this;
    this.timer = this.clock.setTimer(ms, function () {
      if (token !== self.token) return;
      self.armed = false;
      self.fire();
    });
  }

  private disarm(): void {
    this.token++;
    if (this.armed) this.clock.clearTimer(this.timer);
    this.armed = false;
  }
}
