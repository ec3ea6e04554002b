// SLIP framing (RFC 1055) as the ESP serial download protocol uses it: 0xC0 ends (and starts) a frame, 0xDB 0xDC
// stands for 0xC0 and 0xDB 0xDD for 0xDB inside one.

export const SLIP_END = 0xc0;
export const SLIP_ESC = 0xdb;
export const SLIP_ESC_END = 0xdc;
export const SLIP_ESC_ESC = 0xdd;

export function slipEncode(frame: Uint8Array): Uint8Array {
  const out: number[] = [SLIP_END];
  for (const byte of frame) {
    if (byte === SLIP_END) out.push(SLIP_ESC, SLIP_ESC_END);
    else if (byte === SLIP_ESC) out.push(SLIP_ESC, SLIP_ESC_ESC);
    else out.push(byte);
  }
  out.push(SLIP_END);
  return new Uint8Array(out);
}

/** Feeds bytes in any chunking; calls onFrame with each complete, non-empty frame. Bytes outside frames are dropped. */
export class SlipDecoder {
  private frame: number[] | null = null;
  private escaping = false;

  constructor(
    private readonly onFrame: (frame: Uint8Array) => void,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  push(bytes: Uint8Array): void {
    for (const byte of bytes) this.byte(byte);
  }

  reset(): void {
    this.frame = null;
    this.escaping = false;
  }

  private byte(byte: number): void {
    if (byte === SLIP_END) {
      if (this.frame && this.frame.length > 0) this.onFrame(new Uint8Array(this.frame));
      this.frame = [];
      this.escaping = false;
      return;
    }
    if (this.frame === null) return; // noise before the first frame
    if (this.escaping) {
      this.escaping = false;
      if (byte === SLIP_ESC_END) this.frame.push(SLIP_END);
      else if (byte === SLIP_ESC_ESC) this.frame.push(SLIP_ESC);
      else {
        this.onError(`invalid SLIP escape 0xdb 0x${byte.toString(16)}`);
        this.frame = null;
      }
      return;
    }
    if (byte === SLIP_ESC) this.escaping = true;
    else this.frame.push(byte);
  }
}
