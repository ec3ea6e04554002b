import * as net from 'node:net';
import * as tls from 'node:tls';
import type { HalError, Socket, SocketHandlers, SocketOptions } from '../types';
import type { Route } from './host-map';
import { mapSocketError } from './net-errors';
import { secureContextFor } from './tls-contexts';

export interface SocketSettings {
  /** Check the server certificate against options.ca and the name (caps.tlsVerifiesPeer). */
  verify: boolean;
  connectTimeoutMs: number;
  /** Bytes buffered before write() returns BUSY (the socket's writable high-water mark). */
  highWaterMark?: number;
  /** Name resolution override (tests). */
  lookup?: net.LookupFunction;
  /** Called once per socket when it stops counting against the TLS limit (closed, failed or gone). */
  released: (socket: NodeSocket) => void;
}

/** The NodeSocket a Node socket belongs to, for the shared listeners. */
const OWNER = Symbol('aliot.NodeSocket');
type OwnedSocket = net.Socket & { [OWNER]: NodeSocket };

function onSockConnect(this: net.Socket): void {
  (this as OwnedSocket)[OWNER]._connected();
}
function onSockData(this: net.Socket, chunk: Buffer): void {
  (this as OwnedSocket)[OWNER]._data(chunk);
}
function onSockDrain(this: net.Socket): void {
  (this as OwnedSocket)[OWNER]._drained();
}
function onSockError(this: net.Socket, error: unknown): void {
  (this as OwnedSocket)[OWNER]._failed(error);
}
function onSockClose(this: net.Socket): void {
  (this as OwnedSocket)[OWNER]._gone();
}
function onConnectTimeout(socket: NodeSocket): void {
  socket._timedOut();
}

/** How long an owner-closed socket may take to flush before it is destroyed. */
const LINGER_MS = 5000;

/**
 * One HAL socket over node:net or node:tls. It never throws and never calls a handler after the owner
 * called close(); onClose runs at most once. Handlers run from Node's event loop, never inside open() or
 * write().
 */
export class NodeSocket implements Socket {
  private sock: net.Socket | undefined;
  private connected = false;
  private ownerClosed = false;
  private finished = false;
  private lastError: unknown;
  private needDrain = false;
  private refusedBusy = false;
  private connectTimer: NodeJS.Timeout | undefined;
  private releasedOnce = false;
  private readonly tls: boolean;

  /**
   * @param settings shared by every socket of one NodeNet (one object per board, not per socket)
   * @param counted whether this socket counts against the TLS limit
   */
  constructor(
    private readonly options: SocketOptions,
    private readonly handlers: SocketHandlers,
    private readonly settings: SocketSettings,
    readonly counted: boolean,
  ) {
    this.tls = !!options.tls;
  }

  /** Starts connecting to route (the host map's answer for options.host/port). */
  start(route: Route): void {
    try {
      this.sock = this.tls ? this.connectTls(route) : this.connectTcp(route);
    } catch (error) {
      this.failSoon(mapSocketError(error, this.tls, false));
      return;
    }
    const sock = this.sock;
    (sock as OwnedSocket)[OWNER] = this;
    this.connectTimer = setTimeout(onConnectTimeout, this.settings.connectTimeoutMs, this);
    this.connectTimer.unref();
    // Listeners shared by every socket (module functions finding their NodeSocket on the Node socket), not five
    // closures per socket: a fleet holds one socket per device for as long as it is online.
    sock.on(this.tls ? 'secureConnect' : 'connect', onSockConnect);
    sock.on('data', onSockData);
    sock.on('drain', onSockDrain);
    sock.on('error', onSockError);
    sock.on('close', onSockClose);
  }

  /** The Node socket's events, from the shared listeners below (not for other callers). */
  _connected(): void {
    this.onConnected();
  }

  _data(chunk: Buffer): void {
    if (!this.ownerClosed) this.handlers.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }

  _drained(): void {
    this.needDrain = false;
    if (this.refusedBusy && !this.ownerClosed) {
      this.refusedBusy = false;
      this.handlers.onDrain?.();
    }
  }

  _failed(error: unknown): void {
    if (this.lastError === undefined) this.lastError = error;
  }

  _gone(): void {
    this.onGone();
  }

  _timedOut(): void {
    this.lastError = { code: 'ETIMEDOUT', message: `no connection within ${this.settings.connectTimeoutMs} ms` };
    this.sock?.destroy();
  }

  /** Fails without connecting, on a later turn of the event loop. */
  failSoon(error: HalError): void {
    setImmediate(() => this.finish(error));
  }

  write(bytes: Uint8Array): HalError | null {
    const sock = this.sock;
    if (this.ownerClosed || this.finished || !this.connected || !sock || !sock.writable) {
      return { code: 'CLOSED', message: 'the socket is not open' };
    }
    if (this.needDrain) {
      this.refusedBusy = true;
      return { code: 'BUSY', message: 'send buffer full: wait for onDrain' };
    }
    try {
      if (!sock.write(Buffer.from(bytes))) this.needDrain = true;
      return null;
    } catch (error) {
      return mapSocketError(error, this.tls, true);
    }
  }

  close(): void {
    if (this.ownerClosed) return;
    this.ownerClosed = true;
    this.release();
    const sock = this.sock;
    if (!sock || sock.destroyed) return;
    if (!this.connected) {
      sock.destroy();
      return;
    }
    // Flush what was written (e.g. an MQTT DISCONNECT), then go; never linger past LINGER_MS.
    sock.end();
    setTimeout(() => sock.destroy(), LINGER_MS).unref();
  }

  private connectTcp(route: Route): net.Socket {
    return net.connect({
      host: route.host,
      port: route.port,
      lookup: this.settings.lookup,
      highWaterMark: this.settings.highWaterMark,
    } as net.NetConnectOpts);
  }

  private connectTls(route: Route): tls.TLSSocket {
    const name = this.options.servername ?? this.options.host;
    const ca = this.options.ca && this.options.ca.length ? this.options.ca : undefined;
    return tls.connect({
      host: route.host,
      port: route.port,
      // SNI must be a host name; an IP address is verified but not sent.
      servername: net.isIP(name) ? undefined : name,
      // One parsed CA list per process, not one per connect (tls-contexts.ts).
      secureContext: secureContextFor(ca),
      rejectUnauthorized: this.settings.verify,
      // Verify the name the device asked for, not the address the host map sent us to. Node checks against the
      // servername when one is set (the name itself); an IP address is not sent as SNI, so it is checked here.
      ...(net.isIP(name) ? { checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(name, cert) } : {}),
      lookup: this.settings.lookup,
      highWaterMark: this.settings.highWaterMark,
    } as tls.ConnectionOptions);
  }

  private onConnected(): void {
    this.stopConnectTimer();
    if (this.finished) return;
    this.connected = true;
    if (!this.ownerClosed) this.handlers.onConnect();
  }

  private onGone(): void {
    this.stopConnectTimer();
    const error =
      this.lastError === undefined
        ? this.connected
          ? null
          : { code: 'RESET' as const, message: 'the connection closed before it was established' }
        : mapSocketError(this.lastError, this.tls, this.connected);
    this.finish(error);
  }

  /** Cancels the connect deadline and lets its Timeout go (a connected socket would hold it for its whole life). */
  private stopConnectTimer(): void {
    clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }

  private finish(error: HalError | null): void {
    if (this.finished) return;
    this.finished = true;
    this.release();
    if (!this.ownerClosed) this.handlers.onClose(error);
  }

  private release(): void {
    if (this.releasedOnce) return;
    this.releasedOnce = true;
    this.settings.released(this);
  }
}
