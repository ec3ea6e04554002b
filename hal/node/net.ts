import type * as nodeNet from 'node:net';
import type { LogSink, Net, Socket, SocketHandlers, SocketOptions } from '../types';
import { routeFor, type HostMap } from './host-map';
import { NodeSocket, type SocketSettings } from './socket';

export interface NodeNetOptions {
  /** Where names really go (consulted at every open, so a test may fill it in after starting servers). */
  hostMap?: HostMap;
  /** caps.tlsVerifiesPeer: verify server certificates against the socket's CA list and name. */
  verify: boolean;
  /** caps.maxTlsSockets. */
  maxTlsSockets: number;
  /** Default 15000. */
  connectTimeoutMs?: number;
  /** The socket's writable high-water mark: bytes buffered before write() returns BUSY. Node's default: 16 KiB. */
  highWaterMark?: number;
  /** Name resolution override. */
  lookup?: nodeNet.LookupFunction;
  log?: LogSink;
}

/** Real TCP and TLS sockets, with the host map and a limit on open TLS sockets. */
export class NodeNet implements Net {
  private tlsOpen = 0;
  private readonly sockets = new Set<NodeSocket>();
  /** What every socket of this net shares (one object, not one per socket). */
  private readonly settings: SocketSettings;

  constructor(private readonly options: NodeNetOptions) {
    this.settings = {
      verify: options.verify,
      connectTimeoutMs: options.connectTimeoutMs ?? 15000,
      highWaterMark: options.highWaterMark,
      lookup: options.lookup,
      released: (socket) => {
        if (socket.counted) this.tlsOpen--;
        this.sockets.delete(socket);
      },
    };
  }

  open(options: SocketOptions, handlers: SocketHandlers): Socket {
    const tls = !!options.tls;
    const counted = tls && this.tlsOpen < this.options.maxTlsSockets;
    if (counted) this.tlsOpen++;
    const socket = new NodeSocket(options, handlers, this.settings, counted);
    this.sockets.add(socket);
    if (tls && !counted) {
      socket.failSoon({
        code: 'LIMIT',
        message: `only ${this.options.maxTlsSockets} TLS socket(s) may be open at once: close one first`,
      });
      return socket;
    }
    const route = routeFor(this.options.hostMap, options.host, options.port);
    const where = route.mapped ? ` via ${route.host}:${route.port}` : '';
    this.options.log?.write('debug', 'net', `open ${tls ? 'tls' : 'tcp'} ${options.host}:${options.port}${where}`);
    socket.start(route);
    return socket;
  }

  /** TLS sockets currently counted against maxTlsSockets. */
  openTlsSockets(): number {
    return this.tlsOpen;
  }

  /** Closes every socket (board shutdown). */
  closeAll(): void {
    for (const socket of [...this.sockets]) socket.close();
  }
}
