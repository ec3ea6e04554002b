// The part SHA-256, SHA-1 and MD5 share: collect input into 64-byte blocks and pad the last one with
// 0x80, zeros and the 64-bit message length in bits.

export const BLOCK_SIZE = 64;

/** Compresses one 64-byte block starting at offset into the hash state. */
export type CompressBlock = (bytes: Uint8Array, offset: number) => void;

export class BlockBuffer {
  private readonly block = new Uint8Array(BLOCK_SIZE);
  private filled = 0;
  private total = 0;

  constructor(private readonly compress: CompressBlock) {}

  reset(): void {
    this.filled = 0;
    this.total = 0;
  }

  /** Feeds bytes; whole blocks go straight from the input, the rest waits in the block buffer. */
  update(data: Uint8Array): void {
    let i = 0;
    this.total += data.length;
    if (this.filled > 0) i = this.fillFrom(data, 0);
    while (data.length - i >= BLOCK_SIZE) {
      this.compress(data, i);
      i += BLOCK_SIZE;
    }
    if (i < data.length) this.fillFrom(data, i);
  }

  /** Pads and compresses the final block(s). The length goes big-endian (SHA) or little-endian (MD5). */
  finish(bigEndianLength: boolean): void {
    const block = this.block;
    let n = this.filled;
    block[n++] = 0x80;
    if (n > BLOCK_SIZE - 8) {
      zero(block, n, BLOCK_SIZE);
      this.compress(block, 0);
      n = 0;
    }
    zero(block, n, BLOCK_SIZE - 8);
    const low = (this.total << 3) >>> 0;
    const high = Math.floor(this.total / 0x20000000) >>> 0;
    if (bigEndianLength) {
      writeUint32BE(block, 56, high);
      writeUint32BE(block, 60, low);
    } else {
      writeUint32LE(block, 56, low);
      writeUint32LE(block, 60, high);
    }
    this.compress(block, 0);
    this.filled = 0;
    this.total = 0;
  }

  /** Copies from data[start..] into the block until it is full or data ends; returns the next index. */
  private fillFrom(data: Uint8Array, start: number): number {
    const block = this.block;
    let i = start;
    while (i < data.length && this.filled < BLOCK_SIZE) block[this.filled++] = data[i++];
    if (this.filled === BLOCK_SIZE) {
      this.compress(block, 0);
      this.filled = 0;
    }
    return i;
  }
}

function zero(bytes: Uint8Array, from: number, to: number): void {
  for (let i = from; i < to; i++) bytes[i] = 0;
}

export function writeUint32BE(out: Uint8Array, offset: number, value: number): void {
  out[offset] = (value >>> 24) & 0xff;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

export function writeUint32LE(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value & 0xff;
  out[offset + 1] = (value >>> 8) & 0xff;
  out[offset + 2] = (value >>> 16) & 0xff;
  out[offset + 3] = (value >>> 24) & 0xff;
}
