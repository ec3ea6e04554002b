// Timing at the HAL boundary: a Hal wrapper that records, on one clock (performance.now, ms),
// - tls:     each socket from open() to onConnect (TCP connect + TLS handshake; the synchronous set-up inside
//            open(), e.g. parsing the CA, included), or to onClose when it never connected;
// - kv:      each synchronous KV call (file write, fsync, rename, read back);
// - runtime: each synchronous run of the runtime's own code: every handler it gave the HAL (socket handlers,
//            timer callbacks) and any call the bench makes into it (link.start());
// - connected: each socket from onConnect to close — while the runtime is not running, the device is waiting for
//            the cloud's answer on an open connection.
// No handler is called synchronously from inside a HAL call (hal/types.ts), so runtime slices do not nest.

import { performance } from 'node:perf_hooks';
import type { Hal, Kv, Net, Socket, SocketHandlers, SocketOptions } from '../../hal/types';
import type { Interval, Layer } from './timeline';

export class HalTiming {
  readonly tls: Interval[] = [];
  readonly kv: Interval[] = [];
  readonly runtime: Interval[] = [];
  readonly connected: Interval[] = [];
  /** Sockets opened, and how many of them completed the handshake. */
  opened = 0;
  handshakes = 0;
  private readonly live = new Set<{ opened: number; connectedAt?: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Runs fn as runtime code, recording the time it takes. */
  slice<T>(fn: () => T): T {
    const start = this.now();
    try {
      return fn();
    } finally {
      this.runtime.push([start, this.now()]);
    }
  }

  /**
   * The layers in priority order for splitWindow — TLS set-up beats KV beats runtime beats waiting — with the
   * sockets still open at `at` counted up to then.
   */
  layers(at: number): Layer[] {
    const tls = [...this.tls];
    const connected = [...this.connected];
    for (const s of this.live) {
      if (s.connectedAt === undefined) tls.push([s.opened, at]);
      else connected.push([s.connectedAt, at]);
    }
    return [
      { name: 'tls', intervals: tls },
      { name: 'kv', intervals: this.kv },
      { name: 'runtime', intervals: this.runtime },
      { name: 'waiting', intervals: connected },
    ];
  }

  /** A Hal like `hal` whose net, kv and clock timers are timed; everything else is passed through. */
  instrument(hal: Hal): Hal {
    return {
      ...hal,
      net: this.timedNet(hal.net),
      kv: this.timedKv(hal.kv),
      clock: {
        now: () => hal.clock.now(),
        wallTime: () => hal.clock.wallTime(),
        setTimer: (ms, fn) => hal.clock.setTimer(ms, () => this.slice(fn)),
        clearTimer: (id) => hal.clock.clearTimer(id),
        ...(hal.clock.ensureWallTimeAtLeast ? { ensureWallTimeAtLeast: (ms: number) => hal.clock.ensureWallTimeAtLeast!(ms) } : {}),
      },
    };
  }

  private timed<T>(into: Interval[], fn: () => T): T {
    const start = this.now();
    try {
      return fn();
    } finally {
      into.push([start, this.now()]);
    }
  }

  private timedKv(kv: Kv): Kv {
    return {
      get: (key) => this.timed(this.kv, () => kv.get(key)),
      set: (key, value) => this.timed(this.kv, () => kv.set(key, value)),
      remove: (key) => this.timed(this.kv, () => kv.remove(key)),
    };
  }

  private timedNet(net: Net): Net {
    return { open: (options, handlers) => this.open(net, options, handlers) };
  }

  private open(net: Net, options: SocketOptions, handlers: SocketHandlers): Socket {
    const state: { opened: number; connectedAt?: number } = { opened: this.now() };
    this.live.add(state);
    this.opened++;
    const ended = (): void => {
      if (!this.live.delete(state)) return;
      const t = this.now();
      if (state.connectedAt === undefined) this.tls.push([state.opened, t]);
      else this.connected.push([state.connectedAt, t]);
    };
    const socket = net.open(options, {
      onConnect: () => {
        state.connectedAt = this.now();
        this.tls.push([state.opened, state.connectedAt]);
        this.handshakes++;
        this.slice(() => handlers.onConnect());
      },
      onData: (bytes) => this.slice(() => handlers.onData(bytes)),
      ...(handlers.onDrain ? { onDrain: () => this.slice(() => handlers.onDrain!()) } : {}),
      onClose: (error) => {
        ended();
        this.slice(() => handlers.onClose(error));
      },
    });
    return {
      write: (bytes) => socket.write(bytes),
      close: () => {
        ended();
        socket.close();
      },
    };
  }
}
