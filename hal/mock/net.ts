import type { HalError, Net, Socket, SocketHandlers, SocketOptions } from '../types';
import { routeFor, type HostMap } from '../node/host-map';
import { makeChunker, type ChunkPolicy, type Chunker } from './chunking';
import type { VirtualClock } from './clock';
import { MockConnection, type MockPeer } from './connection';
import { tlsOutcome, type MockTlsIdentity } from './tls-model';

export interface ListenOptions {
  /** Serve TLS with this (modelled) certificate. Absent: plain TCP. */
  tls?: MockTlsIdentity;
}

interface Listener {
  accept: (peer: MockPeer) => void;
  tls?: MockTlsIdentity;
}

export interface ScriptedNetOptions {
  /** Whether TLS checks the peer's certificate (caps.tlsVerifiesPeer). */
  verifiesPeer: boolean;
  /** How many TLS sockets may be open at once (caps.maxTlsSockets). */
  maxTlsSockets: number;
  /** The CAs trusted when a socket's options name none. Default: none. */
  defaultTrust?: string[];
  /** Same meaning as hal/node's host map; consulted at every open. */
  hostMap?: HostMap;
  /** Virtual milliseconds each hop takes (connect, each chunk, each close). Default 0. */
  latency?: number;
  chunking?: ChunkPolicy;
  /** Bytes a device may have in flight before write() returns BUSY. Default 64 KiB. */
  writeBuffer?: number;
}

/**
 * An in-memory network of scripted peers. Tests listen on 'host:port' and drive the MockPeer they are
 * handed; the device opens sockets through the Net interface. Every event reaches the device through the
 * virtual clock (never synchronously inside open() or write()), so nothing happens until the test advances
 * time or runs due timers.
 *
 * Name resolution: a host is known when something listens on it or was refused on it (or addHost() named
 * it); opening an unknown host fails with DNS, a known host without a listener on the port with REFUSED.
 */
export class ScriptedNet implements Net {
  private listeners = new Map<string, Listener>();
  private refused = new Set<string>();
  private knownHosts = new Set<string>();
  private dnsFailures = new Set<string>();
  private connections: MockConnection[] = [];
  private nextId = 1;
  private tlsOpen = 0;
  private chunker: Chunker;
  latency: number;
  writeBuffer: number;
  hostMap: HostMap | undefined;
  /** Every peer ever connected, in order. */
  readonly peers: MockPeer[] = [];

  constructor(
    private readonly clock: VirtualClock,
    private readonly options: ScriptedNetOptions,
    private readonly isPowered: () => boolean = () => true,
  ) {
    this.chunker = makeChunker(options.chunking ?? 'whole');
    this.latency = options.latency ?? 0;
    this.writeBuffer = options.writeBuffer ?? 64 * 1024;
    this.hostMap = options.hostMap;
  }

  open(options: SocketOptions, handlers: SocketHandlers): Socket {
    const tls = !!options.tls;
    if (tls && this.tlsOpen >= this.options.maxTlsSockets) {
      const conn = this.create(options, handlers, false);
      const error: HalError = {
        code: 'LIMIT',
        message: `only ${this.options.maxTlsSockets} TLS socket(s) may be open at once: close one first`,
      };
      if (this.isPowered()) this.clock.defer(0, () => conn.fail(error));
      return conn.socket;
    }
    const conn = this.create(options, handlers, tls);
    if (this.isPowered()) this.clock.defer(this.latency, () => this.attempt(conn));
    return conn.socket;
  }

  /** Opens a socket that fails with this error instead of connecting (fault injection). */
  openFailing(options: SocketOptions, handlers: SocketHandlers, error: HalError): Socket {
    const conn = this.create(options, handlers, !!options.tls);
    if (this.isPowered()) this.clock.defer(this.latency, () => conn.fail(error));
    return conn.socket;
  }

  /** The connection behind a device socket, if the socket came from this network. */
  connectionOf(socket: Socket): MockConnection | undefined {
    return this.connections.find((c) => c.socket === socket);
  }

  // ------------------------------------------------------------------------------------------
  // Test controls

  /** Accepts connections to 'host:port'; returns a function that stops listening. */
  listen(address: string, accept: (peer: MockPeer) => void, options: ListenOptions = {}): () => void {
    const key = normalise(address);
    this.refused.delete(key); // a port that is listened on accepts again
    this.listeners.set(key, { accept, tls: options.tls });
    this.knownHosts.add(hostOf(key));
    return () => {
      this.listeners.delete(key);
    };
  }

  /** Connections to 'host:port' are refused (the host itself resolves). */
  refuse(address: string): void {
    const key = normalise(address);
    this.listeners.delete(key);
    this.refused.add(key);
    this.knownHosts.add(hostOf(key));
  }

  /** Makes a host name resolve even though nothing listens on it (connections are refused). */
  addHost(host: string): void {
    this.knownHosts.add(host.toLowerCase());
  }

  /** Name resolution of this host fails (DNS) even if something listens on it. */
  failDns(host: string): void {
    this.dnsFailures.add(host.toLowerCase());
  }

  setChunking(policy: ChunkPolicy): void {
    this.chunker = makeChunker(policy);
  }

  /** Connections not yet closed by either side. */
  openConnections(): number {
    return this.connections.filter((c) => !c.isClosed).length;
  }

  /** The network drops every connection: devices hear onClose(RESET), peers hear onClose('network'). */
  dropAll(): void {
    for (const c of this.connections.slice()) {
      this.clock.defer(0, () => c.fail({ code: 'RESET', message: 'connection dropped by the network' }));
    }
  }

  /** Power cut or reboot: every connection vanishes without a device handler being called. */
  dropSilently(): void {
    for (const c of this.connections.slice()) c.drop();
  }

  // ------------------------------------------------------------------------------------------

  /** A new connection; counted against the TLS limit when counted is true (until it closes). */
  private create(options: SocketOptions, handlers: SocketHandlers, counted: boolean): MockConnection {
    const id = this.nextId++;
    const copy: SocketOptions = { ...options, ca: options.ca ? options.ca.slice() : undefined };
    if (counted) this.tlsOpen++;
    const conn = new MockConnection(id, copy, handlers, {
      clock: this.clock,
      chunker: () => this.chunker,
      latency: () => this.latency,
      writeBuffer: () => this.writeBuffer,
      released: (c) => {
        if (counted) this.tlsOpen--;
        const i = this.connections.indexOf(c);
        if (i >= 0) this.connections.splice(i, 1);
      },
    });
    this.connections.push(conn);
    return conn;
  }

  private attempt(conn: MockConnection): void {
    if (conn.isClosed) return;
    const { host, port, tls } = conn.options;
    const route = routeFor(this.hostMap, host, port);
    const name = route.host.toLowerCase();
    if (this.dnsFailures.has(name) || !this.knownHosts.has(name)) {
      conn.fail({ code: 'DNS', message: `host name ${route.host} did not resolve` });
      return;
    }
    const key = `${name}:${route.port}`;
    const listener = this.refused.has(key) ? undefined : this.listeners.get(key);
    if (!listener) {
      conn.fail({ code: 'REFUSED', message: `connection to ${route.host}:${route.port} refused` });
      return;
    }
    if (tls) {
      const failure = tlsOutcome(listener.tls, conn.options, this.options.verifiesPeer, this.options.defaultTrust ?? []);
      if (failure) {
        conn.fail(failure);
        return;
      }
    }
    // The peer exists (and may script its greeting) before the device hears onConnect; anything either side
    // sends from here on travels through the clock, so the order is the same for every test.
    conn.establish();
    this.peers.push(conn.peer);
    listener.accept(conn.peer);
    conn.announce();
  }
}

function normalise(address: string): string {
  return address.trim().toLowerCase();
}

function hostOf(key: string): string {
  const colon = key.lastIndexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}
