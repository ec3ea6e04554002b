// The part SHA-256, SHA-1 and MD5 share: a hash state of 32-bit words, input collected into 64-byte blocks, and
// the last block padded with 0x80, zeros and the 64-bit message length in bits (big-endian for SHA, little-endian
// for MD5). A subclass brings its initial state and its compression function; nothing is allocated per block.

export const BLOCK_SIZE = 64;

export abstract class BlockHash {
  protected readonly state: Int32Array;
  private readonly block = new Uint8Array(BLOCK_SIZE);
  private filled = 0;
  private total = 0;

  protected constructor(
    private readonly initial: Int32Array,
    private readonly bigEndian: boolean,
  ) {
    this.state = new Int32Array(initial.length);
    this.reset();
  }

  /** Starts a new message. */
  reset(): this {
    this.state.set(this.initial);
    this.filled = 0;
    this.total = 0;
    return this;
  }

  /** Feeds bytes; whole blocks go straight from the input, the rest waits in the block buffer. */
  update(data: Uint8Array): this {
    let i = 0;
    this.total += data.length;
    if (this.filled > 0) i = this.fillFrom(data, 0);
    while (data.length - i >= BLOCK_SIZE) {
      this.compress(data, i);
      i += BLOCK_SIZE;
    }
    if (i < data.length) this.fillFrom(data, i);
    return this;
  }

  /** The digest (4 bytes per state word) of everything fed since the last reset; the instance is reset afterwards. */
  digest(): Uint8Array {
    this.finish();
    const out = new Uint8Array(this.state.length * 4);
    for (let i = 0; i < this.state.length; i++) {
      if (this.bigEndian) writeUint32BE(out, 4 * i, this.state[i]);
      else writeUint32LE(out, 4 * i, this.state[i]);
    }
    this.reset();
    return out;
  }

  /** Compresses one 64-byte block starting at offset into the state. */
  protected abstract compress(bytes: Uint8Array, offset: number): void;

  /** Pads and compresses the final block(s). */
  private finish(): void {
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
    if (this.bigEndian) {
      writeUint32BE(block, 56, high);
      writeUint32BE(block, 60, low);
    } else {
      writeUint32LE(block, 56, low);
      writeUint32LE(block, 60, high);
    }
    this.compress(block, 0);
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
