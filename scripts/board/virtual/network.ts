// require("net") / require("tls") of the virtual ESP32 over Node sockets, shaped like Espruino's
// (libs/network/socketserver.c, network.c, jswrap_net.c; spec/espruino.md §0.2, §1b):
// - names resolve through the host map (hal/node/host-map.ts), IP literals and localhost; any other name
//   throws "Unable to locate host" from connect(), as ESP32's gethostbyname failure does;
// - every event is queued and handed to the VM later, never inside connect() or write();
// - data arrives as 8-bit strings; write takes a string (Espruino sends data.toString());
// - TLS is 1.2 with RSA and DHE-RSA key exchange only (Espruino's mbedtls has no ECDHE and no ECDSA: a server
//   with an EC certificate fails the handshake with -0x7780), sends the fixed SNI "mbed TLS Server 1" and does
//   not verify the server;
// - 'connect' comes when TCP connects (before the TLS handshake completes, as on Espruino);
// - a failed handshake is printed on the console and closes without an 'error' event;
// - a TLS peer that ends the connection gives 'error' {code:-30848} before 'close';
// - errors come as 'error' {code, message} (socketerrors.h codes), then 'end' and 'close'(hadError);
// - each TLS socket takes its mbedtls buffers from the native heap (see NativeHeap).
import { X509Certificate } from 'node:crypto';
import * as nodeNet from 'node:net';
import * as nodeTls from 'node:tls';
import { routeFor, type HostMap } from '../../../hal/node/host-map';
import type { NativeHeap } from './native-heap';

/** The SNI Espruino's ESP32 build sends whatever the host (§0.2). */
export const ESPRUINO_SNI = 'mbed TLS Server 1';
export const PEER_CLOSE_NOTIFY = -30848;

/** The TLS 1.2 suites Espruino's mbedtls offers: RSA and DHE-RSA key exchange, nothing with ECDHE or ECDSA. */
export const ESPRUINO_CIPHERS = [
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA256',
  'AES256-SHA256',
  'AES128-SHA',
  'AES256-SHA',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-AES128-SHA256',
  'DHE-RSA-AES256-SHA256',
].join(':');

/** libs/network/socketerrors.h */
export const SOCKET_ERRORS: Record<number, string> = {
  [-2]: 'out of memory',
  [-3]: 'timeout',
  [-4]: 'no route',
  [-6]: 'not found',
  [-8]: 'unsent data',
  [-9]: 'connection reset',
  [-10]: 'unknown error',
};

/** socketErrorString: codes below the last socket error (mbedtls codes) read as "unknown error". */
export function socketErrorMessage(code: number): string {
  return SOCKET_ERRORS[code] ?? 'unknown error';
}

const NODE_ERRNO_TO_SOCKET: Record<string, number> = {
  ECONNREFUSED: -9,
  ECONNRESET: -9,
  ECONNABORTED: -9,
  EPIPE: -8,
  ETIMEDOUT: -3,
  ENOTFOUND: -6,
  EAI_AGAIN: -6,
  EHOSTUNREACH: -4,
  ENETUNREACH: -4,
};

export type NetEventType = 'connect' | 'data' | 'drain' | 'error' | 'end' | 'close';

export interface NetEvent {
  id: number;
  type: NetEventType;
  /** data: the 8-bit string; error: {code, message}; close: hadError. */
  payload?: unknown;
}

export interface ConnectRequest {
  host: string;
  port: number;
  tls: boolean;
  /** The `ca` option as Espruino got it: a DER string. */
  ca?: string;
}

export interface VirtualNetworkOptions {
  /** Consulted at every connect. */
  hostMap?: () => HostMap | undefined;
  /** Let Node resolve names the host map does not know (default: they do not resolve). */
  resolveUnmapped?: boolean;
  /** Default 15000. */
  connectTimeoutMs?: number;
  heap: NativeHeap;
  /** A console line (Espruino's own messages: "ERROR: …"). */
  print(line: string): void;
  /** Events are waiting in takeEvents(). */
  notify(): void;
}

interface Connection {
  id: number;
  tls: boolean;
  sock: nodeNet.Socket;
  connected: boolean;
  secure: boolean;
  localEnd: boolean;
  peerEnded: boolean;
  handshakeFailed: boolean;
  error?: { code?: string };
  timer?: NodeJS.Timeout;
  heapBytes: number;
}

export class VirtualNetwork {
  private readonly connections = new Map<number, Connection>();
  private readonly events: NetEvent[] = [];
  private nextId = 1;

  constructor(private readonly options: VirtualNetworkOptions) {}

  /** connect() of net/tls: the socket id, or the message of the InternalError Espruino throws. */
  connect(request: ConnectRequest): { id: number } | { error: string } {
    const target = this.resolve(request.host, request.port || (request.tls ? 443 : 80));
    if (!target) return { error: 'Unable to locate host' };
    let heapBytes = 0;
    if (request.tls) {
      const caProblem = request.ca === undefined ? undefined : checkDerCertificate(request.ca);
      if (caProblem) {
        this.options.print(`ERROR: HTTPS init failed! mbedtls_x509_crt_parse of 'ca': ${caProblem}`);
        return { error: 'Unable to create socket' };
      }
      heapBytes = this.options.heap.allocateTls();
      if (heapBytes === 0) {
        this.options.print('ERROR: Failed! mbedtls_ssl_setup: Not enough memory');
        return { error: 'Unable to create socket' };
      }
    }
    const id = this.nextId++;
    const sock = request.tls
      ? nodeTls.connect({
          host: target.host,
          port: target.port,
          servername: ESPRUINO_SNI,
          rejectUnauthorized: false,
          minVersion: 'TLSv1.2',
          maxVersion: 'TLSv1.2',
          ciphers: ESPRUINO_CIPHERS,
        })
      : nodeNet.connect({ host: target.host, port: target.port });
    const conn: Connection = {
      id,
      tls: request.tls,
      sock,
      connected: false,
      secure: false,
      localEnd: false,
      peerEnded: false,
      handshakeFailed: false,
      heapBytes,
    };
    this.connections.set(id, conn);
    this.watch(conn);
    return { id };
  }

  /** Socket.write: queued by Node until connected; 'drain' once everything written has gone out. */
  write(id: number, data: string): void {
    const conn = this.connections.get(id);
    if (!conn || conn.localEnd || conn.sock.destroyed) return;
    conn.sock.write(Buffer.from(data, 'latin1'), () => {
      if (conn.sock.writableLength === 0 && !conn.localEnd) this.queue({ id, type: 'drain' });
    });
  }

  /** Socket.end: closes once what was written has been sent. */
  end(id: number): void {
    const conn = this.connections.get(id);
    if (!conn || conn.localEnd) return;
    conn.localEnd = true;
    conn.sock.end();
  }

  /** Events since the last call, in order. */
  takeEvents(): NetEvent[] {
    return this.events.splice(0, this.events.length);
  }

  /** Reset or power-off: every socket goes without events, as Espruino's socketKill does. */
  closeAll(): void {
    for (const conn of this.connections.values()) {
      clearTimeout(conn.timer);
      conn.sock.removeAllListeners();
      conn.sock.on('error', () => {});
      conn.sock.destroy();
      this.options.heap.free(conn.heapBytes);
    }
    this.connections.clear();
    this.events.splice(0, this.events.length);
  }

  openSockets(): number {
    return this.connections.size;
  }

  private resolve(host: string, port: number): { host: string; port: number } | undefined {
    const route = routeFor(this.options.hostMap?.(), host, port);
    if (route.mapped) return { host: route.host, port: route.port };
    if (nodeNet.isIP(host) || host.toLowerCase() === 'localhost' || this.options.resolveUnmapped) return { host, port };
    return undefined;
  }

  private watch(conn: Connection): void {
    const { sock, id } = conn;
    conn.timer = setTimeout(() => {
      if (conn.connected) return;
      conn.error = { code: 'ETIMEDOUT' };
      sock.destroy();
    }, this.options.connectTimeoutMs ?? 15000);
    conn.timer.unref();
    sock.on('connect', () => {
      clearTimeout(conn.timer);
      conn.connected = true;
      this.queue({ id, type: 'connect' });
      if (sock.writableLength === 0) this.queue({ id, type: 'drain' });
    });
    if (conn.tls) sock.on('secureConnect', () => (conn.secure = true));
    sock.on('data', (chunk: Buffer) => this.queue({ id, type: 'data', payload: chunk.toString('latin1') }));
    sock.on('end', () => (conn.peerEnded = true));
    sock.on('error', (error: Error & { code?: string }) => {
      if (conn.error !== undefined || conn.handshakeFailed) return;
      if (conn.tls && conn.connected && !conn.secure) {
        conn.handshakeFailed = true;
        this.options.print(`ERROR: Failed! mbedtls_ssl_handshake returned -0x7780 (${error.code ?? error.message})`);
        return;
      }
      conn.error = error;
    });
    sock.on('close', () => this.closed(conn));
  }

  private closed(conn: Connection): void {
    clearTimeout(conn.timer);
    if (!this.connections.delete(conn.id)) return;
    this.options.heap.free(conn.heapBytes);
    const code = this.closeCode(conn);
    if (code !== undefined) this.queue({ id: conn.id, type: 'error', payload: { code, message: socketErrorMessage(code) } });
    this.queue({ id: conn.id, type: 'end' });
    this.queue({ id: conn.id, type: 'close', payload: code !== undefined });
  }

  /** The error code Espruino would report for this close, or undefined for none (-1: closed). */
  private closeCode(conn: Connection): number | undefined {
    if (conn.handshakeFailed) return undefined;
    if (conn.error) return NODE_ERRNO_TO_SOCKET[conn.error.code ?? ''] ?? -10;
    if (conn.tls && conn.peerEnded && !conn.localEnd) return PEER_CLOSE_NOTIFY;
    return undefined;
  }

  private queue(event: NetEvent): void {
    this.events.push(event);
    this.options.notify();
  }
}

/**
 * Why mbedtls_x509_crt_parse would refuse this `ca` value, or undefined when it is one DER certificate
 * (Espruino's mbedtls has no PEM parser, §1b).
 */
export function checkDerCertificate(ca: string): string | undefined {
  const der = Buffer.from(ca, 'latin1');
  if (der.length < 4 || der[0] !== 0x30) return 'not a DER certificate (PEM must be converted with atob)';
  let length = der[1]!;
  let header = 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[2 + i]!;
    header = 2 + bytes;
  }
  try {
    new X509Certificate(der.subarray(0, header + length));
    return undefined;
  } catch (error) {
    return `not a DER certificate (${(error as Error).message})`;
  }
}
