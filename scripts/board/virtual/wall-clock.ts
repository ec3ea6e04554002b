// Date.now() on the virtual ESP32 (spec/espruino.md §1e): before SNTP it counts from 1970 at power-up;
// once set (Wifi.setSNTP, or the host) it is real time; it is always fractional milliseconds.

export type WallClockMode =
  /** Unset until the program calls require("Wifi").setSNTP (default). */
  | 'sntp'
  /** Set from power-on, as if SNTP had already run. */
  | 'set'
  /** Unset until the host calls syncTime(). */
  | 'unset';

export class WallClock {
  private setAt: { epochMs: number; at: number } | undefined;
  private poweredOnAt = 0;

  /** `monotonic` is the board's own clock in ms (real or virtual). */
  constructor(
    private readonly mode: WallClockMode,
    private readonly monotonic: () => number,
  ) {}

  powerOn(): void {
    this.poweredOnAt = this.monotonic();
    this.setAt = this.mode === 'set' ? { epochMs: Date.now(), at: this.poweredOnAt } : undefined;
  }

  /** SNTP answered (or the host set the time). */
  sync(epochMs: number = Date.now()): void {
    this.setAt = { epochMs, at: this.monotonic() };
  }

  /** Whether Wifi.setSNTP sets the clock on this board. */
  get followsSntp(): boolean {
    return this.mode === 'sntp';
  }

  isSet(): boolean {
    return this.setAt !== undefined;
  }

  /** Date.now() as the program sees it. */
  now(): number {
    const t = this.monotonic();
    const ms = this.setAt ? this.setAt.epochMs + (t - this.setAt.at) : t - this.poweredOnAt;
    // Espruino's Date.now() is fractional (e.g. …909.768); keep it so on a virtual clock too.
    return Number.isInteger(ms) ? ms + 0.5 : ms;
  }
}
