// The virtual board's UART0 as a Node Duplex: what the host writes is input to the REPL, what the board
// prints can be read from it. Used exactly like a USB serial port (bytes; Espruino's strings are 8-bit,
// so text crosses as latin1).
import { Duplex } from 'node:stream';

export class VirtualSerialPort extends Duplex {
  constructor(private readonly input: (bytes: Uint8Array) => void) {
    super();
  }

  /** Board side: output bytes for whoever reads the port. */
  transmit(text: string): void {
    if (!this.destroyed && !this.readableEnded) this.push(Buffer.from(text, 'latin1'));
  }

  /** Board side: no more output (the board was disposed). */
  hangUp(): void {
    if (!this.readableEnded) this.push(null);
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    try {
      this.input(new Uint8Array(bytes));
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _read(): void {
    // output is pushed as the board prints
  }
}
