// One HAL socket over an Espruino net/tls Socket. Espruino queues every socket event for its idle loop,
// so handlers never run inside open() or write(); failures found inside open() are delivered by a timer.
// onClose runs at most once and never after the owner called close().
import type { HalError, Socket, SocketHandlers } from '../types';
import { bytesToString, stringToBytes } from './bytes';
import { compactMemory, startTimer, stopTimer, thrownMessage } from './natives';
import { mapConnectThrow, mapErrorEvent, mapSilentClose, type ErrorEvent } from './net-errors';

/** What a socket needs from the Net that owns it. */
export interface SocketOwner {
  /** The socket no longer counts against maxTlsSockets (owner closed it, or it finished). Called once. */
  released(socket: EspruinoHalSocket): void;
  /** Espruino's socket is gone (its 'close' came, or it was given up on). Called once, only after start. */
  rawGone(socket: EspruinoHalSocket): void;
  /** Whether ending this plain socket now must wait (spec §1b: Linux ASSERT with a TLS socket open). */
  mustDeferEnd(socket: EspruinoHalSocket): boolean;
}

export interface SocketSettings {
  tls: boolean;
  /** No 'connect' within this many ms: TIMEOUT (Espruino itself may wait forever while offline). */
  connectTimeoutMs: number;
  /** Bytes written and not yet drained above which write() returns BUSY (Espruino buffers in JsVars). */
  sendBufferLimit: number;
}

export class EspruinoHalSocket implements Socket {
  private raw: EspruinoSocket | undefined;
  private connected = false;
  private finished = false;
  private ownerClosed = false;
  private releasedOnce = false;
  private rawGoneOnce = false;
  private endDeferred = false;
  private errorEvent: ErrorEvent | undefined;
  private received = 0;
  private pending = 0;
  private refusedBusy = false;
  private connectTimer: number | undefined;

  constructor(
    private readonly handlers: SocketHandlers,
    private readonly owner: SocketOwner,
    readonly settings: SocketSettings,
  ) {}

  /** Arms the connect timeout; call once, at open(). */
  armTimeout(): void {
    const self = this;
    this.connectTimer = startTimer(function () {
      self.connectTimer = undefined;
      self.giveUp({ code: 'TIMEOUT', message: 'no connection within ' + self.settings.connectTimeoutMs + ' ms' });
    }, this.settings.connectTimeoutMs);
  }

  /**
   * Calls connect on the module; a throw becomes a later onClose. Does nothing once the owner closed.
   * `aloneInTls`: no other TLS socket of Espruino's is alive (memory may then be compacted, see below).
   */
  start(module: EspruinoNetModule, options: EspruinoConnectOptions, aloneInTls: boolean): void {
    if (this.ownerClosed || this.finished) return;
    let raw: EspruinoSocket;
    try {
      raw = module.connect(options);
    } catch (e) {
      // A TLS socket's state is one flat string of ~160 contiguous JsVars: with enough JsVars free but none in one
      // run, Espruino 2v29 throws "Not enough memory to allocate SSL socket". With no other TLS socket alive,
      // packing the free JsVars together is safe: then once more.
      if (!this.settings.tls || !aloneInTls || thrownMessage(e).indexOf('allocate SSL socket') < 0 || !compactMemory()) {
        this.failSoon(mapConnectThrow(e, this.settings.tls));
        return;
      }
      try {
        raw = module.connect(options);
      } catch (again) {
        this.failSoon(mapConnectThrow(again, this.settings.tls));
        return;
      }
    }
    if (!raw) {
      this.failSoon({ code: 'IO', message: 'connect returned no socket' });
      return;
    }
    this.raw = raw;
    const self = this;
    raw.on('connect', function () {
      self.onRawConnect();
    });
    raw.on('data', function (data: string) {
      self.onRawData(data);
    });
    raw.on('drain', function () {
      self.onRawDrain();
    });
    raw.on('error', function (details: ErrorEvent) {
      if (!self.errorEvent) self.errorEvent = details;
    });
    raw.on('close', function () {
      self.onRawClose();
    });
  }

  /** True once Espruino's socket exists and has not gone. */
  isRawAlive(): boolean {
    return this.raw !== undefined && !this.rawGoneOnce;
  }

  /** Fails without a connection, on a later turn of the event loop. */
  failSoon(error: HalError): void {
    const self = this;
    startTimer(function () {
      self.finish(error);
    }, 0);
  }

  write(bytes: Uint8Array): HalError | null {
    if (this.ownerClosed || this.finished || !this.raw || !this.connected) {
      return { code: 'CLOSED', message: 'the socket is not open' };
    }
    if (this.pending > 0 && this.pending + bytes.length > this.settings.sendBufferLimit) {
      this.refusedBusy = true;
      return { code: 'BUSY', message: 'send buffer full: wait for onDrain' };
    }
    try {
      this.raw.write(bytesToString(bytes));
    } catch (e) {
      return { code: 'IO', message: 'Socket.write failed' };
    }
    this.pending += bytes.length;
    return null;
  }

  close(): void {
    if (this.ownerClosed) return;
    this.ownerClosed = true;
    this.clearTimer();
    this.release();
    if (!this.raw || this.rawGoneOnce) return;
    if (this.owner.mustDeferEnd(this)) {
      this.endDeferred = true;
      return;
    }
    this.endRaw();
  }

  /** Ends a plain socket whose end() had to wait for the TLS sockets to go (see SocketOwner.mustDeferEnd). */
  endIfDeferred(): void {
    if (!this.endDeferred) return;
    this.endDeferred = false;
    this.endRaw();
  }

  private endRaw(): void {
    try {
      this.raw!.end();
    } catch (e) {
      // already closing; its 'close' event still comes
    }
  }

  private onRawConnect(): void {
    if (this.finished) return;
    this.connected = true;
    this.clearTimer();
    if (!this.ownerClosed) this.handlers.onConnect();
  }

  private onRawData(data: string): void {
    if (this.finished || this.ownerClosed || typeof data !== 'string' || data.length === 0) return;
    this.received += data.length;
    this.handlers.onData(stringToBytes(data));
  }

  private onRawDrain(): void {
    this.pending = 0;
    if (this.refusedBusy && !this.ownerClosed && !this.finished) {
      this.refusedBusy = false;
      if (this.handlers.onDrain) this.handlers.onDrain();
    }
  }

  private onRawClose(): void {
    this.markRawGone();
    const phase = { tls: this.settings.tls, connected: this.connected, received: this.received };
    this.finish(this.errorEvent ? mapErrorEvent(this.errorEvent, phase) : mapSilentClose(phase));
  }

  /** The connect timeout: stop waiting, tell the owner, and let Espruino's socket go. */
  private giveUp(error: HalError): void {
    if (this.finished || this.connected) return;
    const raw = this.raw;
    this.markRawGone();
    this.finish(error);
    if (raw) {
      try {
        raw.end();
      } catch (e) {
        // nothing more to do
      }
    }
  }

  private markRawGone(): void {
    if (this.rawGoneOnce || !this.raw) return;
    this.rawGoneOnce = true;
    this.owner.rawGone(this);
  }

  private finish(error: HalError | null): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimer();
    this.release();
    if (!this.ownerClosed) this.handlers.onClose(error);
  }

  private release(): void {
    if (this.releasedOnce) return;
    this.releasedOnce = true;
    this.owner.released(this);
  }

  private clearTimer(): void {
    if (this.connectTimer === undefined) return;
    stopTimer(this.connectTimer);
    this.connectTimer = undefined;
  }
}
