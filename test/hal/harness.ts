// What the HAL contract suite needs from a board under test. hal/mock and hal/node each provide one
// (mock-harness.ts, node-harness.ts); the suite's assertions are the same for both.
import type { Hal, HalError, SocketHandlers, SocketOptions } from '../../hal/types';
import type { HostMap } from '../../hal/node/host-map';
import type { TestCa } from './certs';

/** The server side of one accepted connection. */
export interface ContractPeer {
  /** The SNI name the server saw (TLS), else undefined. */
  readonly servername: string | undefined;
  onData(listener: (bytes: Uint8Array) => void): void;
  send(bytes: Uint8Array): void;
  /** Orderly close. */
  end(): void;
  /** Connection reset. */
  reset(): void;
  /** Stop / restart reading what the device sends. */
  pause(): void;
  resume(): void;
  /** Everything received from the device so far. */
  received(): Uint8Array;
  /** How many bytes were received from the device so far. */
  receivedLength(): number;
}

export interface ServeSpec {
  /** Serve TLS with a certificate for these names issued by this CA; absent: plain TCP. */
  tls?: { ca: TestCa; names: string[] };
}

export interface Endpoint {
  host: string;
  port: number;
}

export interface BoardOptions {
  /** Consulted at every open, so tests fill it in after starting a server. */
  hostMap?: HostMap;
  kvCapacity?: number;
  maxTlsSockets?: number;
}

export interface ContractBoard {
  hal: Hal;
  /** Lets (virtual or real) time pass until cond() holds; fails the test if it never does. */
  waitFor(cond: () => boolean, what: string): Promise<void>;
  /** Lets ms of (virtual or real) time pass. */
  pass(ms: number): Promise<void>;
  /** Starts a server; onPeer runs for each accepted connection. */
  serve(spec: ServeSpec, onPeer?: (peer: ContractPeer) => void): Promise<Endpoint>;
  /** An address where connections are refused. */
  closedEndpoint(): Promise<Endpoint>;
  /** A host name that does not resolve. */
  unresolvableHost: string;
  /** Makes a replace of key by value be interrupted the way this board's medium can be (see the suite). */
  interruptReplace(key: string, value: string): void;
  dispose(): Promise<void>;
}

export interface BoardFactory {
  name: string;
  create(options?: BoardOptions): Promise<ContractBoard>;
}

/** A socket's handler calls, recorded for assertions. */
export interface Recorded {
  events: string[];
  connected: boolean;
  closed: boolean;
  error: HalError | null | undefined;
  data: Uint8Array[];
  drains: number;
  /** Bytes received so far (cheap). */
  length(): number;
  bytes(): Uint8Array;
  text(): string;
}

export function recordingHandlers(): { handlers: SocketHandlers; rec: Recorded } {
  let received = 0;
  const rec: Recorded = {
    events: [],
    connected: false,
    closed: false,
    error: undefined,
    data: [],
    drains: 0,
    length: () => received,
    bytes: () => concatBytes(rec.data),
    text: () => Buffer.from(rec.bytes()).toString('latin1'),
  };
  const handlers: SocketHandlers = {
    onConnect() {
      rec.events.push('connect');
      rec.connected = true;
    },
    onData(bytes) {
      rec.events.push('data');
      rec.data.push(bytes.slice());
      received += bytes.length;
    },
    onDrain() {
      rec.events.push('drain');
      rec.drains++;
    },
    onClose(error) {
      rec.events.push(`close:${error ? error.code : 'null'}`);
      rec.closed = true;
      rec.error = error;
    },
  };
  return { handlers, rec };
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Where two byte strings first differ, or -1 when they are equal (fast for megabytes, unlike toEqual). */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))) return -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

export function bytesOf(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

export function tcp(ep: Endpoint, extra: Partial<SocketOptions> = {}): SocketOptions {
  return { host: ep.host, port: ep.port, tls: false, ...extra };
}

export function tlsTo(ep: Endpoint, ca: TestCa, servername: string, extra: Partial<SocketOptions> = {}): SocketOptions {
  return { host: ep.host, port: ep.port, tls: true, ca: [ca.pem], servername, ...extra };
}
