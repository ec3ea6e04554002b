// The virtual board's UART0 as a Node Duplex: what the host writes is input to the REPL, what the board
// prints can be read from it. Used exactly like a USB serial port (bytes; Espruino's strings are 8-bit, so text
// crosses as latin1 — except characters above 0xFF, which only the engine's Unicode strings can hold: they go
// out as UTF-8, the bytes an ESP32 program holding that text as UTF-8 would send).
import { Duplex } from 'node:stream';

export class VirtualSerialPort extends Duplex {
  constructor(private readonly input: (bytes: Uint8Array) => void) {
    super();
  }

  /** Board side: output bytes for whoever reads the port. */
  transmit(text: string): void {
    if (!this.destroyed && !this.readableEnded) this.push(encodeOutput(text));
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

/** latin1 for 8-bit characters, UTF-8 for anything wider. */
export function encodeOutput(text: string): Buffer {
  let wide = false;
  for (let i = 0; i < text.length && !wide; i++) wide = text.charCodeAt(i) > 0xff;
  if (!wide) return Buffer.from(text, 'latin1');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) > 0xff) {
      if (i > start) parts.push(Buffer.from(text.slice(start, i), 'latin1'));
      if (i < text.length) {
        const wideEnd = i + (text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1);
        parts.push(Buffer.from(text.slice(i, wideEnd), 'utf8'));
        i = wideEnd - 1;
        start = wideEnd;
      }
    }
  }
  return Buffer.concat(parts);
}
