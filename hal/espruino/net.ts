// Net on require("net") / require("tls") (spec/espruino.md §1b). Enforces caps.maxTlsSockets (LIMIT), and
// because Espruino frees a TLS socket's mbedtls memory only when its 'close' event comes (one idle pass after
// end()), a new TLS connection waits until a closing one is really gone — opening both at once is what
// fails with "mbedtls_ssl_setup: Not enough memory" on an ESP32. Espruino sends a fixed SNI and does not
// verify the server (caps.tlsVerifiesPeer false): `servername` is ignored and only the first CA is passed.
import type { LogSink, Net, Socket, SocketHandlers, SocketOptions } from '../types';
import { growPoolBeforeTls, loadNet, startTimer } from './natives';
import { caForEspruino } from './pem';
import { EspruinoHalSocket, type SocketOwner } from './socket';

export interface EspruinoNetOptions {
  maxTlsSockets: number;
  /** Default 20000. */
  connectTimeoutMs?: number;
  /** Default 4096 bytes. */
  sendBufferLimit?: number;
  log?: LogSink;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 20000;
const DEFAULT_SEND_BUFFER_LIMIT = 4096;

export class EspruinoNet implements Net, SocketOwner {
  /** Sockets counted against maxTlsSockets: open, not closed by the owner, not finished. */
  private tlsCounted = 0;
  /** Espruino TLS sockets that still hold their mbedtls memory. */
  private tlsRawAlive = 0;
  private readonly waitingTls: { socket: EspruinoHalSocket; options: EspruinoConnectOptions }[] = [];
  private readonly deferredEnds: EspruinoHalSocket[] = [];
  private readonly counted: EspruinoHalSocket[] = [];

  constructor(private readonly options: EspruinoNetOptions) {}

  open(options: SocketOptions, handlers: SocketHandlers): Socket {
    const tls = !!options.tls;
    const socket = new EspruinoHalSocket(handlers, this, {
      tls: tls,
      connectTimeoutMs: this.options.connectTimeoutMs || DEFAULT_CONNECT_TIMEOUT_MS,
      sendBufferLimit: this.options.sendBufferLimit || DEFAULT_SEND_BUFFER_LIMIT,
    });
    if (tls && this.tlsCounted >= this.options.maxTlsSockets) {
      socket.failSoon({
        code: 'LIMIT',
        message: 'only ' + this.options.maxTlsSockets + ' TLS socket(s) may be open at once: close one first',
      });
      return socket;
    }
    const connectOptions: EspruinoConnectOptions = { host: options.host, port: options.port };
    if (tls) {
      const ca = caForEspruino(options.ca);
      if (ca !== undefined) connectOptions.ca = ca;
      this.tlsCounted++;
      this.counted.push(socket);
    }
    this.debug('open ' + (tls ? 'tls' : 'tcp') + ' ' + options.host + ':' + options.port);
    socket.armTimeout();
    if (tls && this.tlsRawAlive >= this.options.maxTlsSockets) {
      this.debug('waiting for a closing TLS socket to free its memory');
      this.waitingTls.push({ socket: socket, options: connectOptions });
      return socket;
    }
    this.startSocket(socket, connectOptions);
    return socket;
  }

  // ---- SocketOwner -----------------------------------------------------------------------------------

  released(socket: EspruinoHalSocket): void {
    const index = this.counted.indexOf(socket);
    if (index < 0) return;
    this.counted.splice(index, 1);
    this.tlsCounted--;
  }

  rawGone(socket: EspruinoHalSocket): void {
    if (!socket.settings.tls) return;
    this.tlsRawAlive--;
    // The waiting sockets start on a later turn: inside the old socket's 'close' event, that socket and all it
    // held (the closed session's buffers) are still reachable; a turn later they are garbage, and the next
    // socket's ~160 contiguous JsVars can come out of them.
    if (this.waitingTls.length > 0) {
      const self = this;
      startTimer(function () {
        self.startWaiting();
      }, 0);
    }
    if (this.tlsRawAlive === 0) {
      const ends = this.deferredEnds.splice(0, this.deferredEnds.length);
      for (let i = 0; i < ends.length; i++) ends[i].endIfDeferred();
    }
  }

  mustDeferEnd(socket: EspruinoHalSocket): boolean {
    if (socket.settings.tls || this.tlsRawAlive === 0) return false;
    this.deferredEnds.push(socket);
    return true;
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  private startWaiting(): void {
    while (this.waitingTls.length > 0 && this.tlsRawAlive < this.options.maxTlsSockets) {
      const next = this.waitingTls.shift()!;
      this.startSocket(next.socket, next.options);
    }
  }

  private startSocket(socket: EspruinoHalSocket, options: EspruinoConnectOptions): void {
    const tls = socket.settings.tls;
    const module = loadNet(tls);
    if (!module) {
      socket.failSoon({ code: 'IO', message: 'this Espruino build has no ' + (tls ? 'tls' : 'net') + ' module' });
      return;
    }
    if (tls) growPoolBeforeTls();
    socket.start(module, options, this.tlsRawAlive === 0);
    if (tls && socket.isRawAlive()) this.tlsRawAlive++;
  }

  private debug(message: string): void {
    if (this.options.log) this.options.log.write('debug', 'net', message);
  }
}
