import type { HalError, HalErrorCode, Socket, SocketHandlers, SocketOptions } from '../types';
import type { Chunker } from './chunking';
import type { VirtualClock } from './clock';

/** The far end of a scripted connection, driven by the test. */
export interface MockPeer {
  readonly id: number;
  /** The options the device opened with (host is the name the device used, before the host map). */
  readonly options: SocketOptions;
  /** The SNI name the device sent (TLS only). */
  readonly servername: string | undefined;
  /** True until either side closed. */
  readonly open: boolean;
  /** Bytes from the device, one call per device write. */
  onData?: (bytes: Uint8Array) => void;
  /** The connection ended from the device's side ('device': it called close(); 'network': dropped). */
  onClose?: (how: 'device' | 'network') => void;
  /** Sends bytes (or an 8-bit string) to the device, cut per the network's chunk policy, after its latency. */
  send(data: Uint8Array | string): void;
  /** Orderly close: the device gets onClose(null) after the bytes already sent. */
  end(): void;
  /** Closes with an error at the device (default RESET); null is the same as end(). */
  close(error?: HalErrorCode | null): void;
  /** Connection reset: the device gets onClose(RESET). */
  reset(): void;
  /** Stops reading: device writes pile up in flight until resume() (the device sees BUSY when full). */
  pause(): void;
  resume(): void;
  /** Everything received from the device so far. */
  received(): Uint8Array;
  /** How many bytes were received from the device so far. */
  receivedLength(): number;
}

export interface ConnectionEnv {
  clock: VirtualClock;
  chunker: () => Chunker;
  latency: () => number;
  /** Bytes the device may have in flight before write() returns BUSY. */
  writeBuffer: () => number;
  /** Called once when the connection is gone (for socket accounting). */
  released: (conn: MockConnection) => void;
}

type State = 'connecting' | 'open' | 'closed';

/** One scripted connection: the device's Socket and the test's MockPeer over a virtual wire. */
export class MockConnection {
  private state: State = 'connecting';
  private deviceClosed = false;
  private peerClosed = false;
  private toDeviceAt = 0;
  private toPeerAt = 0;
  private inFlight = 0;
  private needDrain = false;
  private paused = false;
  private held: Uint8Array[] = [];
  private fromDevice: Uint8Array[] = [];
  private fromDeviceLength = 0;
  readonly peer: MockPeer;
  readonly socket: Socket;

  constructor(
    readonly id: number,
    readonly options: SocketOptions,
    private readonly handlers: SocketHandlers,
    private readonly env: ConnectionEnv,
  ) {
    this.peer = this.makePeer();
    this.socket = { write: (bytes) => this.deviceWrite(bytes), close: () => this.deviceClose() };
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** The connection was accepted: both ends are open (the device is told by announce()). */
  establish(): void {
    if (this.state !== 'connecting') return;
    this.state = 'open';
    this.toDeviceAt = this.toPeerAt = this.env.clock.elapsedMs();
  }

  /** The device hears onConnect (unless it closed meanwhile). */
  announce(): void {
    if (this.state === 'open' && !this.deviceClosed) this.handlers.onConnect();
  }

  /** The connection failed before it opened, or broke: the device hears onClose(error) now. */
  fail(error: HalError): void {
    if (this.state === 'closed') return;
    this.finish();
    if (!this.deviceClosed) this.handlers.onClose(error);
    this.notifyPeer('network');
  }

  /** The network drops the connection silently (power cut, reboot): no device handler runs. */
  drop(): void {
    if (this.state === 'closed') return;
    this.deviceClosed = true;
    this.finish();
    this.notifyPeer('network');
  }

  private deviceWrite(bytes: Uint8Array): HalError | null {
    if (this.deviceClosed || this.state !== 'open') return { code: 'CLOSED', message: 'the socket is not open' };
    if (this.inFlight > 0 && this.inFlight + bytes.length > this.env.writeBuffer()) {
      this.needDrain = true;
      return { code: 'BUSY', message: 'send buffer full: wait for onDrain' };
    }
    const copy = bytes.slice();
    this.inFlight += copy.length;
    this.toPeerAt = this.nextSlot(this.toPeerAt);
    this.env.clock.defer(this.toPeerAt - this.env.clock.elapsedMs(), () => this.arriveAtPeer(copy));
    return null;
  }

  /** A write fault: the bytes are refused with IO and the link breaks (the device hears onClose(IO) later). */
  breakOnWrite(): HalError {
    if (this.state === 'open' && !this.deviceClosed) {
      this.env.clock.defer(0, () => this.fail({ code: 'IO', message: 'injected fault: the link broke on write' }));
    }
    return { code: 'IO', message: 'injected fault: write failed' };
  }

  private deviceClose(): void {
    if (this.deviceClosed) return;
    this.deviceClosed = true;
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.finish();
    if (wasOpen) {
      this.toPeerAt = this.nextSlot(this.toPeerAt);
      this.env.clock.defer(this.toPeerAt - this.env.clock.elapsedMs(), () => this.notifyPeer('device'));
    }
  }

  private arriveAtPeer(bytes: Uint8Array): void {
    if (this.peerClosed) return;
    if (this.paused) {
      this.held.push(bytes);
      return;
    }
    this.inFlight -= bytes.length;
    this.fromDevice.push(bytes);
    this.fromDeviceLength += bytes.length;
    this.peer.onData?.(bytes);
    if (this.needDrain && this.inFlight === 0) {
      this.needDrain = false;
      this.env.clock.defer(0, () => {
        if (!this.deviceClosed && this.state === 'open') this.handlers.onDrain?.();
      });
    }
  }

  private peerSend(data: Uint8Array | string): void {
    if (this.peerClosed || this.state !== 'open') return;
    const bytes = typeof data === 'string' ? latin1(data) : data;
    for (const chunk of this.env.chunker()(bytes)) {
      this.toDeviceAt = this.nextSlot(this.toDeviceAt);
      this.env.clock.defer(this.toDeviceAt - this.env.clock.elapsedMs(), () => {
        if (!this.deviceClosed && this.state === 'open') this.handlers.onData(chunk);
      });
    }
  }

  private peerClose(error: HalErrorCode | null): void {
    if (this.peerClosed || this.state === 'closed') return;
    this.peerClosed = true;
    this.toDeviceAt = this.nextSlot(this.toDeviceAt);
    const reason: HalError | null = error === null ? null : { code: error, message: describe(error) };
    this.env.clock.defer(this.toDeviceAt - this.env.clock.elapsedMs(), () => {
      if (this.state === 'closed') return;
      this.finish();
      if (!this.deviceClosed) this.handlers.onClose(reason);
    });
  }

  private finish(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.env.released(this);
  }

  private notifyPeer(how: 'device' | 'network'): void {
    if (this.peerClosed) return;
    this.peerClosed = true;
    this.peer.onClose?.(how);
  }

  /** Deliveries keep their order: each is due no earlier than the previous one in the same direction. */
  private nextSlot(previous: number): number {
    return Math.max(this.env.clock.elapsedMs() + this.env.latency(), previous);
  }

  private makePeer(): MockPeer {
    const conn = this;
    return {
      id: this.id,
      options: this.options,
      servername: this.options.tls ? (this.options.servername ?? this.options.host) : undefined,
      get open() {
        return conn.state === 'open' && !conn.peerClosed;
      },
      send: (data) => this.peerSend(data),
      end: () => this.peerClose(null),
      close: (error) => this.peerClose(error === undefined ? 'RESET' : error),
      reset: () => this.peerClose('RESET'),
      pause: () => {
        this.paused = true;
      },
      resume: () => {
        this.paused = false;
        const held = this.held;
        this.held = [];
        for (const bytes of held) this.arriveAtPeer(bytes);
      },
      received: () => concat(this.fromDevice),
      receivedLength: () => this.fromDeviceLength,
    };
  }
}

function describe(code: HalErrorCode): string {
  return code === 'RESET' ? 'connection reset by peer' : `connection closed by peer (${code})`;
}

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
