// A Web-Serial-shaped port (what esptool-js's Transport takes) over the `serialport` package. Signals are tracked
// here and always sent together, because serialport's set() fills every flag it is not given with its default
// (DTR and RTS asserted), which would undo half of esptool's reset sequences.
import type { WebSerialInfo, WebSerialOpenOptions, WebSerialPortLike, WebSerialSignals } from './web-serial';
import { mergeSignals } from './web-serial';
import { describeOpenError, SerialError } from './errors';

/** The subset of serialport's SerialPort (a Duplex) this adapter uses. */
export interface NodeSerialLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
  write(data: Buffer, callback: (error: Error | null | undefined) => void): boolean;
  drain(callback: (error: Error | null) => void): void;
  set(options: { dtr?: boolean; rts?: boolean; brk?: boolean }, callback: (error: Error | null) => void): void;
  update(options: { baudRate: number }, callback: (error: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close' | 'error', listener: (arg?: unknown) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

export type NodeSerialFactory = (options: { path: string; baudRate: number }) => NodeSerialLike | Promise<NodeSerialLike>;

/** The real serial port: serialport's SerialPort, loaded only when a real port is opened. */
export const openNodeSerial: NodeSerialFactory = async ({ path, baudRate }) => {
  const { SerialPort } = await import('serialport');
  return new SerialPort({ path, baudRate, autoOpen: false }) as unknown as NodeSerialLike;
};

/** USB vendor and product id of the port, from serialport's list (udev may be missing: then nothing). */
async function usbInfo(path: string): Promise<WebSerialInfo> {
  try {
    const { SerialPort } = await import('serialport');
    const ports = await SerialPort.list();
    const port = ports.find((p) => p.path === path);
    if (!port?.vendorId || !port.productId) return {};
    return { usbVendorId: parseInt(port.vendorId, 16), usbProductId: parseInt(port.productId, 16) };
  } catch {
    return {};
  }
}

function callback<T = void>(run: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));
}

export class NodeWebSerialPort implements WebSerialPortLike {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  private port: NodeSerialLike | undefined;
  private info: WebSerialInfo = {};
  private signals: Required<WebSerialSignals> = { dataTerminalReady: true, requestToSend: true, break: false };

  constructor(
    readonly path: string,
    private readonly factory: NodeSerialFactory = openNodeSerial,
    private readonly lookupInfo: (path: string) => Promise<WebSerialInfo> = usbInfo,
  ) {}

  async open(options: WebSerialOpenOptions): Promise<void> {
    if (this.port) throw new SerialError('PORT_OPEN_FAILED', `serial port ${this.path} is already open`);
    const port = await this.factory({ path: this.path, baudRate: options.baudRate });
    try {
      await callback((done) => port.open(done));
    } catch (error) {
      throw describeOpenError(this.path, error);
    }
    this.port = port;
    this.info = await this.lookupInfo(this.path);
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    const finish = (error?: unknown) => {
      if (!controller) return;
      const c = controller;
      controller = undefined;
      try {
        if (error) c.error(error);
        else c.close();
      } catch {
        // already closed or cancelled
      }
    };
    this.readable = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
        port.on('data', (chunk: Buffer) => controller?.enqueue(new Uint8Array(chunk)));
        port.on('close', () => finish());
        port.on('error', (error) => finish(error));
      },
      cancel: () => {
        controller = undefined;
      },
    });
    this.writable = new WritableStream<Uint8Array>({
      write: async (chunk) => {
        if (!port.isOpen) throw new SerialError('PORT_CLOSED', `serial port ${this.path} is closed`);
        await callback((done) => port.write(Buffer.from(chunk), done));
        await callback((done) => port.drain(done));
      },
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    this.readable = null;
    this.writable = null;
    if (!port) return;
    if (port.isOpen) await callback((done) => port.close(done)).catch(() => undefined);
    port.removeAllListeners('data');
  }

  async setSignals(change: WebSerialSignals): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new SerialError('PORT_CLOSED', `serial port ${this.path} is closed`);
    this.signals = mergeSignals(this.signals, change);
    const s = this.signals;
    await callback((done) => port.set({ dtr: s.dataTerminalReady, rts: s.requestToSend, brk: s.break }, done));
  }

  getInfo(): WebSerialInfo {
    return { ...this.info };
  }

  async setBaudRate(baudRate: number): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new SerialError('PORT_CLOSED', `serial port ${this.path} is closed`);
    await callback((done) => port.update({ baudRate }, done));
  }
}
