// Net on require("net") / require("tls") (spec/espruino.md §1b), as few functions as the behaviour allows: open,
// the two socket methods, start (connect one socket) and step, which handles every event of every socket.
//
// What Espruino 2v29 does, and what this binding does about it:
// - Every socket event is queued for the idle loop, so handlers never run inside open() or write(); failures found
//   inside open() are delivered by a timer. onClose runs at most once and never after the owner called close().
// - Listeners are called with the event's arguments appended to bound ones (Function.prototype.bind), and
//   setTimeout passes its extra arguments to the callback: so one function, step, bound per socket and event,
//   serves them all, with no closure per event.
// - tls.connect's 'connect' comes when TCP connects, before the handshake ends; a failed handshake then comes as
//   'error' and 'close', or as a bare 'close' before any data (Espruino prints the mbedtls code on the console).
// - A TLS peer's close may raise 'error' -30848 (MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) after a good response.
// - connect() throws "Unable to locate host" (DNS) or "Unable to create socket" (refused, no route, or no memory
//   for mbedtls); 'error' codes -2…-15 are socket errors (libs/network/socketerrors.h), lower ones mbedtls codes.
// - A TLS socket frees its mbedtls memory only when its 'close' comes (one idle pass after end()): a new TLS
//   socket waits until a closing one is gone — opening both at once fails with "mbedtls_ssl_setup: Not enough
//   memory" on an ESP32. caps.maxTlsSockets more open at once are refused (LIMIT).
// - Ending a plain socket while a TLS socket is alive ASSERTs on the Linux build: that end() waits for TLS to go.
// - Espruino's mbedtls has no PEM parser and its `ca` takes one certificate; it does not verify the server
//   (caps.tlsVerifiesPeer false) and sends a fixed SNI: the first PEM root that decodes goes in as DER,
//   `servername` is ignored.
// - Nothing here throws: every Espruino call that can throw is caught.
/// <reference path="./espruino-types.d.ts" />
import type { HalError, LogSink, Net, Socket, SocketHandlers, SocketOptions } from '../types';
import { bytesToString, halError, thrownMessage } from './util';

declare const global: EspruinoGlobal;
declare const E: EspruinoE;
declare const process: { memory(): EspruinoMemory; env?: { BOARD?: string } };
declare function setTimeout(callback: (...args: any[]) => void, ms: number, ...args: unknown[]): number;
declare function clearTimeout(id: number): void;
declare function atob(base64: string): string;

/** No 'connect' within this many ms: TIMEOUT (Espruino itself may wait forever while offline). */
const CONNECT_TIMEOUT_MS = 20000;
/** Bytes written and not yet drained above which write() returns BUSY (Espruino buffers them in JsVars). */
const SEND_BUFFER_LIMIT = 4096;
/** JsVars one TLS socket takes where mbedtls allocates from JsVars (measured ~1,500 on Espruino 2v29 Linux). */
const TLS_JSVARS = 2000;

// What step is told: Espruino's socket events, then our own timers.
const CONNECT = 0;
const DATA = 1;
const DRAIN = 2;
const ERROR = 3;
const CLOSE = 4;
/** The connect timeout fired. */
const TIMEOUT = 5;
/** A failure found before Espruino's socket existed (arg: the HalError). */
const FAIL = 6;
/** A TLS socket is gone: start the waiting ones (no socket). */
const WAKE = 7;

/** One HAL socket: the Socket methods and its state, in one plain object. Unset flags are false. */
interface EspSocket extends Socket {
  h: SocketHandlers;
  tls: boolean;
  /** The options for connect, kept until it is called. */
  o?: EspruinoConnectOptions;
  /** Espruino's socket while it is alive (set at connect, cleared when it is gone). */
  raw?: EspruinoSocket | null;
  timer?: number;
  /** Bytes written since the last 'drain'. */
  pending: number;
  /** The first 'error' event. */
  err?: { code: number; message: string };
  connected?: boolean;
  /** onClose was called or is owed no more. */
  finished?: boolean;
  /** The owner called close(). */
  closed?: boolean;
  /** It counts against maxTlsSockets. */
  counted?: boolean;
  /** A write was refused BUSY: onDrain is owed. */
  busy?: boolean;
  /** Some data arrived. */
  got?: boolean;
}

/** The Espruino Net; `log` gets debug lines. */
export function espruinoNet(maxTlsSockets: number, log: LogSink): Net {
  /** Sockets counted against maxTlsSockets: open, not closed by the owner, not finished. */
  let tlsCounted = 0;
  /** Espruino TLS sockets that still hold their mbedtls memory. */
  let tlsAlive = 0;
  /** TLS sockets waiting for a closing one to go. */
  const waiting: EspSocket[] = [];
  /** Espruino's plain sockets whose end() waits for every TLS socket to go. */
  const deferredEnds: EspruinoSocket[] = [];

  /** Connects one socket; a throw becomes a later onClose. Does nothing once the owner closed. */
  function start(s: EspSocket): void {
    const tls = s.tls;
    const options = s.o!;
    s.o = undefined;
    if (s.closed || s.finished) return;
    let module: EspruinoNetModule | undefined;
    try {
      module = tls ? global.require('tls') : global.require('net');
    } catch (e) {
      module = undefined;
    }
    if (!module) {
      setTimeout(step, 0, s, FAIL, halError('IO', 'no ' + (tls ? 'tls' : 'net') + ' module in this build'));
      return;
    }
    // Espruino's stock Linux build (BOARD "LINUX") grows its pool on demand and mbedtls allocates from it; a growth
    // during a handshake moves the blocks mbedtls holds by address, and 2v29 stops on "ASSERT(jsvIsFlatString(v))".
    // So the pool grows before the handshake (it never shrinks: this costs time once). Elsewhere (an ESP32, a fixed
    // pool) mbedtls allocates from the C heap.
    const poolGrows = !!process.env && process.env.BOARD === 'LINUX';
    if (tls && poolGrows && process.memory().free < TLS_JSVARS) {
      const hold: number[] = [];
      for (let i = 0; i < TLS_JSVARS; i++) hold.push(i);
    }
    let raw: EspruinoSocket | undefined;
    let message: string | undefined;
    try {
      raw = module.connect(options);
    } catch (e) {
      message = thrownMessage(e);
    }
    // A TLS socket's state is one flat string of ~160 contiguous JsVars: with enough JsVars free but none in one run,
    // 2v29 throws "Not enough memory to allocate SSL socket". With no other TLS socket alive (E.defrag moves what C
    // code holds by address) and mbedtls on the C heap, collecting garbage (process.memory(); a closed socket's state
    // may be waiting for it) and packing the free JsVars together (E.defrag) is safe: then once more.
    if (message !== undefined && tls && tlsAlive === 0 && !poolGrows && typeof E.defrag === 'function' && message.indexOf('allocate SSL socket') >= 0) {
      process.memory();
      E.defrag();
      message = undefined;
      try {
        raw = module.connect(options);
      } catch (e) {
        message = thrownMessage(e);
      }
    }
    if (!raw) {
      let error: HalError;
      if (message === undefined) error = halError('IO', 'connect returned no socket');
      else if (message.indexOf('Unable to locate host') >= 0) error = halError('DNS', message);
      else if (message.indexOf('Unable to create socket') >= 0) {
        error = halError('REFUSED', message + (tls ? ': refused, or no memory for TLS' : ': refused or no route'));
      } else error = halError('IO', 'connect failed: ' + message);
      setTimeout(step, 0, s, FAIL, error);
      return;
    }
    s.raw = raw;
    if (tls) tlsAlive++;
    // One bound function per event (10 JsVars each while the socket lives), and no table of event names in RAM.
    raw.on('connect', step.bind(null, s, CONNECT));
    raw.on('data', step.bind(null, s, DATA));
    raw.on('drain', step.bind(null, s, DRAIN));
    raw.on('error', step.bind(null, s, ERROR));
    raw.on('close', step.bind(null, s, CLOSE));
  }

  /** Every event of every socket, and the wake-up of waiting TLS sockets. */
  function step(s: EspSocket, what: number, arg?: unknown): void {
    if (what === WAKE) {
      while (waiting.length > 0 && tlsAlive < maxTlsSockets) start(waiting.shift()!);
      return;
    }
    if (what === CONNECT) {
      if (s.finished) return;
      s.connected = true;
      if (s.timer !== undefined) clearTimeout(s.timer);
      s.timer = undefined;
      if (!s.closed) s.h.onConnect();
      return;
    }
    if (what === DATA) {
      const data = arg as string;
      if (s.finished || s.closed || typeof data !== 'string' || data.length === 0) return;
      s.got = true;
      let bytes: Uint8Array | undefined;
      try {
        bytes = E.toUint8Array(data);
      } catch (e) {
        bytes = undefined;
      }
      if (!bytes || bytes.length !== data.length) {
        bytes = new Uint8Array(data.length);
        for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 255;
      }
      s.h.onData(bytes);
      return;
    }
    if (what === DRAIN) {
      // Espruino also emits 'drain' right after 'connect', before anything was written.
      s.pending = 0;
      if (s.busy && !s.closed && !s.finished) {
        s.busy = false;
        if (s.h.onDrain) s.h.onDrain();
      }
      return;
    }
    if (what === ERROR) {
      if (!s.err) s.err = arg as { code: number; message: string };
      return;
    }
    // The rest end the socket: CLOSE (Espruino's socket is gone), TIMEOUT (we give up on it), FAIL.
    const raw = s.raw;
    let error: HalError | null = null;
    if (what === FAIL) {
      error = arg as HalError;
    } else if (what === TIMEOUT) {
      s.timer = undefined;
      if (s.finished || s.connected) return;
      error = halError('TIMEOUT', 'no connection within ' + CONNECT_TIMEOUT_MS + ' ms');
    } else if (what === CLOSE && s.err) {
      const code = typeof s.err.code === 'number' ? s.err.code : 0;
      const detail = 'Espruino socket error ' + code + (s.err.message ? ' (' + s.err.message + ')' : '');
      let mapped: HalError['code'] = 'IO';
      if (code === -30848) mapped = 'PEER_CLOSE_NOTIFY'; // normal after a complete reply
      else if (code < -15) mapped = 'TLS_HANDSHAKE'; // an mbedtls code: e.g. no common TLS 1.2 cipher
      else if (code === -3) mapped = 'TIMEOUT';
      else if (code === -4) mapped = 'REFUSED'; // no route
      else if (code === -6) mapped = 'DNS';
      else if (code === -7) mapped = 'LIMIT'; // too many sockets
      else if (code === -8 || code === -15) mapped = 'RESET'; // unsent data, no response
      else if (code === -9 || code === -11) mapped = s.connected ? 'RESET' : 'REFUSED'; // "reset (or refused)", no connection
      else if (code === -13 || code === -14) mapped = 'TLS_HANDSHAKE';
      error = halError(mapped, detail);
    } else if (!s.connected) {
      error = halError('REFUSED', 'the connection never came up (refused, unreachable or timed out)');
    } else if (s.tls && !s.got) {
      error = halError('TLS_HANDSHAKE', 'TLS closed before any data: a failed handshake (the console has its code)');
    }
    // Espruino's socket is gone ('close'), or we give up on it (TIMEOUT): what waited for it may go on.
    if (raw) {
      s.raw = null;
      if (s.tls) {
        tlsAlive--;
        // The waiting sockets start on a later turn: inside the old socket's 'close', it and all it held (the
        // closed session's buffers) are still reachable; a turn later they are garbage, and the next socket's
        // ~160 contiguous JsVars can come out of them.
        if (waiting.length > 0) setTimeout(step, 0, s, WAKE);
        const ends = tlsAlive === 0 ? deferredEnds.splice(0, deferredEnds.length) : [];
        for (let i = 0; i < ends.length; i++) {
          try {
            ends[i].end();
          } catch (e) {
            // already closing: its 'close' still comes
          }
        }
      }
    }
    if (!s.finished) {
      s.finished = true;
      if (s.timer !== undefined) clearTimeout(s.timer);
      s.timer = undefined;
      if (s.counted) tlsCounted--;
      s.counted = false;
      if (!s.closed) s.h.onClose(error);
    }
    if (what === TIMEOUT && raw) {
      // We gave up on a socket Espruino still has: let it go (its 'close' may still come; it changes nothing).
      try {
        raw.end();
      } catch (e) {
        // already closing
      }
    }
  }

  function write(this: EspSocket, bytes: Uint8Array): HalError | null {
    if (this.closed || this.finished || !this.raw || !this.connected) return halError('CLOSED', 'the socket is not open');
    if (this.pending > 0 && this.pending + bytes.length > SEND_BUFFER_LIMIT) {
      this.busy = true;
      return halError('BUSY', 'send buffer full: wait for onDrain');
    }
    try {
      // Socket.write(x) sends x.toString(): for a Uint8Array that is "1,2,3", so bytes go as an 8-bit string.
      this.raw.write(bytesToString(bytes));
    } catch (e) {
      return halError('IO', 'Socket.write failed');
    }
    this.pending += bytes.length;
    return null;
  }

  function close(this: EspSocket): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.counted) tlsCounted--;
    this.counted = false;
    const raw = this.raw;
    if (!raw) return;
    if (!this.tls && tlsAlive > 0) {
      deferredEnds.push(raw);
      return;
    }
    try {
      raw.end();
    } catch (e) {
      // already closing: its 'close' still comes
    }
  }

  return {
    open: function (options: SocketOptions, handlers: SocketHandlers): Socket {
      const tls = !!options.tls;
      const s: EspSocket = { write: write, close: close, h: handlers, tls: tls, pending: 0 };
      if (tls && tlsCounted >= maxTlsSockets) {
        setTimeout(step, 0, s, FAIL, halError('LIMIT', 'only ' + maxTlsSockets + ' TLS socket(s) may be open at once'));
        return s;
      }
      const o: EspruinoConnectOptions = { host: options.host, port: options.port };
      s.o = o;
      if (tls) {
        // The DER string of the first PEM root that holds a certificate: the base64 between the armour lines.
        const pems = options.ca || [];
        for (let i = 0; i < pems.length && o.ca === undefined; i++) {
          const pem = pems[i];
          const begin = pem.indexOf('-----BEGIN ');
          const body = pem.indexOf('\n', begin);
          const end = pem.indexOf('-----END ', begin + 1);
          if (begin < 0 || body < 0 || end < body) continue;
          const base64 = pem.substring(body + 1, end).replace(/[^A-Za-z0-9+\/=]/g, '');
          try {
            if (base64.length > 0) o.ca = atob(base64);
          } catch (e) {
            // not base64: the next one, then
          }
        }
        tlsCounted++;
        s.counted = true;
      }
      log.write('debug', 'net', 'open ' + (tls ? 'tls ' : 'tcp ') + options.host + ':' + options.port);
      s.timer = setTimeout(step, CONNECT_TIMEOUT_MS, s, TIMEOUT);
      if (tls && tlsAlive >= maxTlsSockets) {
        log.write('debug', 'net', 'waiting for a closing TLS socket to free its memory');
        waiting.push(s);
      } else {
        start(s);
      }
      return s;
    },
  };
}
