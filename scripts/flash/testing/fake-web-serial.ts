// A Web-Serial-shaped port (scripts/serial/web-serial.ts) wired to a simulated device instead of hardware: what
// the host writes goes to device.receive(), what the device sends comes out of `readable`, and DTR/RTS and the
// baud rate reach the device as they change. Used to drive the real esptool-js against the ROM-bootloader double.
import type { WebSerialInfo, WebSerialOpenOptions, WebSerialPortLike, WebSerialSignals } from '../../serial/web-serial';
import { mergeSignals } from '../../serial/web-serial';
import { SerialError } from '../../serial/errors';

export interface SimulatedSerialDevice {
  /** Called with the function the device sends bytes through (while the port is open). */
  attach(send: (bytes: Uint8Array) => void): void;
  receive(bytes: Uint8Array): void;
  /** The full signal state after each change. */
  signals(state: Required<WebSerialSignals>): void;
  baudRate(baud: number): void;
}

export class FakeWebSerialPort implements WebSerialPortLike {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  /** How often the port was opened (esptool-js reopens it when chip autodetection falls back). */
  opens = 0;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private state: Required<WebSerialSignals> = { dataTerminalReady: false, requestToSend: false, break: false };

  constructor(
    private readonly device: SimulatedSerialDevice,
    private readonly info: WebSerialInfo = { usbVendorId: 0x10c4, usbProductId: 0xea60 },
  ) {
    device.attach((bytes) => this.deliver(bytes));
  }

  get isOpen(): boolean {
    return this.readable !== null;
  }

  async open(options: WebSerialOpenOptions): Promise<void> {
    if (this.readable) throw new SerialError('PORT_BUSY', 'the fake port is already open');
    this.opens++;
    this.device.baudRate(options.baudRate);
    this.readable = new ReadableStream<Uint8Array>({
      start: (c) => {
        this.controller = c;
      },
      cancel: () => {
        this.controller = undefined;
      },
    });
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => {
        if (!this.readable) throw new SerialError('PORT_CLOSED', 'the fake port is closed');
        this.device.receive(new Uint8Array(chunk));
      },
    });
  }

  async close(): Promise<void> {
    const c = this.controller;
    this.controller = undefined;
    this.readable = null;
    this.writable = null;
    try {
      c?.close();
    } catch {
      // already cancelled
    }
  }

  async setSignals(change: WebSerialSignals): Promise<void> {
    if (!this.readable) throw new SerialError('PORT_CLOSED', 'the fake port is closed');
    this.state = mergeSignals(this.state, change);
    this.device.signals({ ...this.state });
  }

  getInfo(): WebSerialInfo {
    return { ...this.info };
  }

  async setBaudRate(baudRate: number): Promise<void> {
    if (!this.readable) throw new SerialError('PORT_CLOSED', 'the fake port is closed');
    this.device.baudRate(baudRate);
  }

  private deliver(bytes: Uint8Array): void {
    try {
      this.controller?.enqueue(new Uint8Array(bytes));
    } catch {
      this.controller = undefined;
    }
  }
}
