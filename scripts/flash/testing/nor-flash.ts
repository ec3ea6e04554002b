// The SPI NOR flash behind the ROM-bootloader double: erase sets 4 KB sectors to 0xFF, programming can only
// clear bits (so writing over unerased data damages it, as on the chip), writes arrive as numbered blocks —
// plain, or a zlib stream inflated as the blocks come in (FLASH_DEFL_*) — and one byte can be set to flip
// after the write that covers it ends (the corrupted-write fault).
import { createHash } from 'node:crypto';
import { constants, inflateSync } from 'node:zlib';

export const SECTOR = 0x1000;

export type BlockOutcome = 'ok' | 'no-write' | 'out-of-order' | 'deflate' | 'out-of-range';

interface Write {
  offset: number;
  size: number;
  blockSize: number;
  nextSeq: number;
  compressed: boolean;
  chunks: Buffer[];
  produced: number;
}

export class NorFlash {
  readonly bytes: Uint8Array;
  private write: Write | undefined;
  private corrupted = false;

  constructor(
    size: number,
    private readonly corruptAt?: number,
  ) {
    this.bytes = new Uint8Array(size).fill(0xff);
  }

  /** FLASH_BEGIN / FLASH_DEFL_BEGIN: erases the region's sectors; false when it does not fit. */
  begin(offset: number, size: number, blockSize: number, compressed: boolean): boolean {
    if (offset + size > this.bytes.length) return false;
    const end = Math.min(this.bytes.length, Math.ceil((offset + size) / SECTOR) * SECTOR);
    this.bytes.fill(0xff, Math.floor(offset / SECTOR) * SECTOR, end);
    this.write = { offset, size, blockSize, nextSeq: 0, compressed, chunks: [], produced: 0 };
    return true;
  }

  /** One FLASH_DATA / FLASH_DEFL_DATA block (checksum already checked). */
  block(seq: number, data: Uint8Array, compressed: boolean): BlockOutcome {
    const write = this.write;
    if (!write || write.compressed !== compressed) return 'no-write';
    if (seq !== write.nextSeq) return 'out-of-order';
    write.nextSeq++;
    if (compressed) {
      write.chunks.push(Buffer.from(data));
      let out: Buffer;
      try {
        out = inflateSync(Buffer.concat(write.chunks), { finishFlush: constants.Z_SYNC_FLUSH });
      } catch {
        return 'deflate';
      }
      if (!this.program(write.offset + write.produced, out.subarray(write.produced))) return 'out-of-range';
      write.produced = out.length;
      return 'ok';
    }
    const at = write.offset + seq * write.blockSize;
    const room = Math.max(0, Math.min(data.length, this.bytes.length - at));
    if (!this.program(at, data.subarray(0, room))) return 'out-of-range';
    write.produced = Math.max(write.produced, at - write.offset + data.length);
    return 'ok';
  }

  /** FLASH_END / FLASH_DEFL_END. */
  end(): void {
    const write = this.write;
    this.write = undefined;
    if (write) this.maybeCorrupt(write.offset, write.offset + Math.max(write.size, write.produced));
  }

  /** A reset drops a write in progress. */
  abort(): void {
    this.write = undefined;
  }

  eraseRegion(offset: number, size: number): boolean {
    if (offset % SECTOR || size % SECTOR || offset + size > this.bytes.length) return false;
    this.bytes.fill(0xff, offset, offset + size);
    return true;
  }

  eraseAll(): void {
    this.bytes.fill(0xff);
  }

  /** MD5 of a region (undefined when it does not fit). */
  md5(address: number, size: number): Buffer | undefined {
    if (address + size > this.bytes.length) return undefined;
    this.maybeCorrupt(address, address + size);
    return createHash('md5').update(this.bytes.subarray(address, address + size)).digest();
  }

  /** NOR flash: programming clears bits only. */
  private program(at: number, data: Uint8Array): boolean {
    if (at + data.length > this.bytes.length) return false;
    for (let i = 0; i < data.length; i++) this.bytes[at + i]! &= data[i]!;
    return true;
  }

  private maybeCorrupt(from: number, to: number): void {
    const at = this.corruptAt;
    if (at === undefined || this.corrupted || at < from || at >= to) return;
    this.bytes[at]! ^= 0x10;
    this.corrupted = true;
  }
}
