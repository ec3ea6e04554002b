// A test double of the ESP32's ROM serial bootloader and of the flasher stub esptool-js uploads into it, speaking
// the serial download protocol over a fake Web Serial port, so tests drive the real esptool-js path of
// `aliot flash` (spec/toolchain.md §3, §6: there is no ROM emulator to install).
//
// Host → chip: SLIP frames [0x00, op, len16, checksum32, data…]; chip → host: [0x01, op, len16, value32, data…]
// where data ends with the status bytes (status, error) — 4 of them from the ROM, 2 from the stub.
// What it does:
//  - DTR/RTS as the usual auto-reset circuit wires them (RTS → EN, DTR → IO0): EN rising with IO0 low boots the
//    ROM bootloader (it prints its "waiting for download" banner), with IO0 high it boots the app;
//  - SYNC (answered 8 times by the ROM, once by the stub), READ_REG / WRITE_REG over a register file that holds
//    the chip magic (0x40001000), the eFuse words (MAC, package), the UART divider, and the SPI controller (an
//    RDID 0x9F command puts the flash id in W0);
//  - SPI_ATTACH, SPI_SET_PARAMS, CHANGE_BAUDRATE, GET_SECURITY_INFO (the ESP32 ROM answers "invalid message");
//  - MEM_BEGIN/MEM_DATA/MEM_END: the stub upload, checksummed; after MEM_END with an entry point the stub runs and
//    says "OHAI";
//  - FLASH_BEGIN/DATA/END and FLASH_DEFL_BEGIN/DATA/END (zlib stream inflated as blocks arrive) into an in-memory
//    NOR flash (erase sets 0xFF, programming can only clear bits), checksums and sequence numbers checked;
//  - SPI_FLASH_MD5 over the flash (32 hex chars from the ROM, 16 raw bytes from the stub); ERASE_FLASH/REGION;
//  - faults: `silent` (never answers), `magic` (another chip), `corruptAt` (a byte flips after its write).
import { createHash } from 'node:crypto';
import type { WebSerialSignals } from '../../serial/web-serial';
import { FakeWebSerialPort, type SimulatedSerialDevice } from './fake-web-serial';
import { NorFlash } from './nor-flash';
import { checksum, ERR, ESP32_MAGIC, le32, OP, OP_NAMES, u32, type OpName } from './rom-protocol';
import { SlipDecoder, slipEncode } from './slip';

export { ESP32_MAGIC, OP, type OpName };

const MAGIC_REG = 0x40001000;
const EFUSE_BASE = 0x3ff5a000;
const UART_CLKDIV_REG = 0x3ff40014;
/** The SPI flash controller's registers: the ESP32's, and those of the later chips (C3, S3, …). */
const SPI_ESP32 = { cmd: 0x3ff42000, usr2: 0x3ff42000 + 0x24, w0: 0x3ff42000 + 0x80 };
const SPI_LATER = { cmd: 0x60002000, usr2: 0x60002000 + 0x20, w0: 0x60002000 + 0x58 };
const SPI_CMD_USR = 1 << 18;
const RDID = 0x9f;

export interface RomDoubleOptions {
  /** Chip magic at 0x40001000; default ESP32's. */
  magic?: number;
  /** eFuse MAC; default 24:0a:c4:00:2f:90. */
  mac?: string;
  /** Flash size in bytes; default 4 MB. */
  flashBytes?: number;
  /** JEDEC id as RDID reads it (manufacturer in the low byte, size code in bits 16-23); default a 4 MB part. */
  flashId?: number;
  /** Never answers anything (a port with no chip behind it, or a chip not in download mode). */
  silent?: boolean;
  /** Flips one bit of the byte at this flash address after the write that covers it ends. */
  corruptAt?: number;
  /** Start in the ROM bootloader without a reset (default: running the app until DTR/RTS reset it). */
  startInBootloader?: boolean;
}

export type ChipMode = 'app' | 'reset' | 'rom' | 'stub';

function macWords(mac: string): { word1: number; word2: number } {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  if (b.length !== 6 || b.some((x) => !(x >= 0 && x <= 255))) throw new Error(`bad MAC ${mac}`);
  return { word1: ((b[2]! << 24) | (b[3]! << 16) | (b[4]! << 8) | b[5]!) >>> 0, word2: ((b[0]! << 8) | b[1]!) >>> 0 };
}

export class RomDouble implements SimulatedSerialDevice {
  /** The chip's SPI flash (its bytes: `flash`). */
  readonly nor: NorFlash;
  /** Every command received, in order (by name; unknown ops as their number). */
  readonly received: (OpName | number)[] = [];
  /** Baud rates the host asked for (CHANGE_BAUDRATE) and set on its side. */
  readonly baudChanges: number[] = [];
  /** How often the chip booted into the app (after a reset with IO0 high). */
  appBoots = 0;
  /** How often it entered the ROM bootloader. */
  bootloaderEntries = 0;
  /** The stub's entry point once it was started. */
  stubEntry: number | undefined;
  /** Bytes uploaded to RAM by MEM_DATA. */
  ramBytes = 0;
  mode: ChipMode;
  private send: (bytes: Uint8Array) => void = () => undefined;
  private readonly decoder = new SlipDecoder((frame) => this.frame(frame));
  private readonly registers = new Map<number, number>();
  private enHigh = true;
  private mem: { size: number; blocks: number; blockSize: number; offset: number; nextSeq: number } | undefined;
  private readonly spi: typeof SPI_ESP32;
  private readonly options: Required<Omit<RomDoubleOptions, 'corruptAt'>> & { corruptAt?: number };

  constructor(options: RomDoubleOptions = {}) {
    this.options = {
      magic: options.magic ?? ESP32_MAGIC,
      mac: options.mac ?? '24:0a:c4:00:2f:90',
      flashBytes: options.flashBytes ?? 4 * 1024 * 1024,
      flashId: options.flashId ?? 0x1640ef,
      silent: options.silent ?? false,
      startInBootloader: options.startInBootloader ?? false,
      ...(options.corruptAt !== undefined ? { corruptAt: options.corruptAt } : {}),
    };
    this.nor = new NorFlash(this.options.flashBytes, this.options.corruptAt);
    this.mode = this.options.startInBootloader ? 'rom' : 'app';
    this.spi = this.options.magic === ESP32_MAGIC ? SPI_ESP32 : SPI_LATER;
    const { word1, word2 } = macWords(this.options.mac);
    this.registers.set(MAGIC_REG, this.options.magic >>> 0);
    this.registers.set(EFUSE_BASE + 4 * 1, word1);
    this.registers.set(EFUSE_BASE + 4 * 2, word2);
    // 40 MHz crystal: the ROM's UART divider at 115200 baud is 40e6 / 115200 ≈ 347.
    this.registers.set(UART_CLKDIV_REG, 347);
  }

  /** The flash contents. */
  get flash(): Uint8Array {
    return this.nor.bytes;
  }

  /** A fresh Web-Serial-shaped port connected to this chip. */
  port(): FakeWebSerialPort {
    return new FakeWebSerialPort(this);
  }

  /** Whether a command was received. */
  saw(name: OpName): boolean {
    return this.received.includes(name);
  }

  /** MD5 (hex) of a flash region. */
  md5(address: number, size: number): string {
    return createHash('md5').update(this.flash.subarray(address, address + size)).digest('hex');
  }

  // ---- SimulatedSerialDevice ------------------------------------------------------------------------------

  attach(send: (bytes: Uint8Array) => void): void {
    this.send = send;
  }

  receive(bytes: Uint8Array): void {
    if (this.options.silent) return;
    this.decoder.push(bytes);
  }

  signals(state: Required<WebSerialSignals>): void {
    const enHigh = !state.requestToSend;
    const io0Low = state.dataTerminalReady;
    if (this.enHigh && !enHigh) {
      this.mode = 'reset';
      this.nor.abort();
      this.mem = undefined;
      this.decoder.reset();
    } else if (!this.enHigh && enHigh) {
      this.boot(io0Low);
    }
    this.enHigh = enHigh;
  }

  baudRate(baud: number): void {
    this.baudChanges.push(baud);
  }

  // ---- the chip -----------------------------------------------------------------------------------------

  private boot(downloadMode: boolean): void {
    if (this.options.silent) return;
    if (downloadMode) {
      this.mode = 'rom';
      this.bootloaderEntries++;
      this.emitText('ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n');
    } else {
      this.mode = 'app';
      this.appBoots++;
      this.emitText('ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n');
    }
  }

  private emitText(text: string): void {
    const bytes = Buffer.from(text, 'latin1');
    setImmediate(() => this.send(bytes));
  }

  private frame(frame: Uint8Array): void {
    if (this.mode !== 'rom' && this.mode !== 'stub') return; // the app and a chip in reset ignore SLIP
    if (frame.length < 8 || frame[0] !== 0x00) return;
    const op = frame[1]!;
    const length = frame[2]! | (frame[3]! << 8);
    const chk = u32(frame, 4);
    const data = frame.subarray(8);
    this.received.push(OP_NAMES.get(op) ?? op);
    if (data.length !== length) return this.fail(op, ERR.INVALID_MESSAGE);
    this.command(op, data, chk);
  }

  private reply(op: number, value: number, payload: number[] = [], status = 0, error = 0): void {
    const statusBytes = this.mode === 'stub' ? [status, error] : [status, error, 0, 0];
    const body = [...payload, ...statusBytes];
    const packet = new Uint8Array([0x01, op, body.length & 0xff, body.length >> 8, ...le32(value), ...body]);
    const bytes = slipEncode(packet);
    setImmediate(() => this.send(bytes));
  }

  private ok(op: number, payload: number[] = [], value = 0): void {
    this.reply(op, value, payload);
  }

  private fail(op: number, error: number): void {
    this.reply(op, 0, [], 1, error);
  }

  private command(op: number, data: Uint8Array, chk: number): void {
    switch (op) {
      case OP.SYNC:
        return this.sync(data);
      case OP.READ_REG:
        return this.ok(op, [], this.readReg(u32(data, 0)));
      case OP.WRITE_REG:
        for (let at = 0; at + 16 <= data.length; at += 16) this.writeReg(u32(data, at), u32(data, at + 4), u32(data, at + 8));
        return this.ok(op);
      case OP.SPI_ATTACH:
      case OP.SPI_SET_PARAMS:
        return this.ok(op);
      case OP.CHANGE_BAUDRATE:
        return this.ok(op);
      case OP.GET_SECURITY_INFO:
        // The ESP32 ROM predates this command: "invalid message" (esptool-js then falls back to the magic).
        return this.fail(op, ERR.INVALID_MESSAGE);
      case OP.MEM_BEGIN:
        return this.memBegin(op, data);
      case OP.MEM_DATA:
        return this.memData(op, data, chk);
      case OP.MEM_END:
        return this.memEnd(op, data);
      case OP.FLASH_BEGIN:
      case OP.FLASH_DEFL_BEGIN:
        return this.flashBegin(op, data, op === OP.FLASH_DEFL_BEGIN);
      case OP.FLASH_DATA:
      case OP.FLASH_DEFL_DATA:
        return this.flashData(op, data, chk);
      case OP.FLASH_END:
      case OP.FLASH_DEFL_END:
        return this.flashEnd(op);
      case OP.SPI_FLASH_MD5:
        return this.md5Command(op, data);
      case OP.ERASE_FLASH:
        if (this.mode !== 'stub') return this.fail(op, ERR.INVALID_MESSAGE);
        this.nor.eraseAll();
        return this.ok(op);
      case OP.ERASE_REGION:
        if (this.mode !== 'stub') return this.fail(op, ERR.INVALID_MESSAGE);
        return this.nor.eraseRegion(u32(data, 0), u32(data, 4)) ? this.ok(op) : this.fail(op, ERR.FAILED_TO_ACT);
      default:
        return this.fail(op, ERR.INVALID_MESSAGE);
    }
  }

  private sync(data: Uint8Array): void {
    const expected = [0x07, 0x07, 0x12, 0x20];
    if (data.length !== 36 || expected.some((b, i) => data[i] !== b) || data.subarray(4).some((b) => b !== 0x55)) {
      return this.fail(OP.SYNC, ERR.INVALID_MESSAGE);
    }
    if (this.mode === 'stub') return this.ok(OP.SYNC, [], 0);
    for (let i = 0; i < 8; i++) this.ok(OP.SYNC, [], 0x20120707);
  }

  private readReg(address: number): number {
    return this.registers.get(address) ?? 0;
  }

  private writeReg(address: number, value: number, mask: number): void {
    const old = this.registers.get(address) ?? 0;
    let next = ((old & ~mask) | (value & mask)) >>> 0;
    if (address === this.spi.cmd && next & SPI_CMD_USR) {
      const command = (this.registers.get(this.spi.usr2) ?? 0) & 0xff;
      if (command === RDID) this.registers.set(this.spi.w0, this.options.flashId >>> 0);
      next = (next & ~SPI_CMD_USR) >>> 0; // the SPI command completes at once
    }
    this.registers.set(address, next);
  }

  private memBegin(op: number, data: Uint8Array): void {
    if (data.length < 16) return this.fail(op, ERR.INVALID_MESSAGE);
    this.mem = { size: u32(data, 0), blocks: u32(data, 4), blockSize: u32(data, 8), offset: u32(data, 12), nextSeq: 0 };
    this.ok(op);
  }

  private memData(op: number, data: Uint8Array, chk: number): void {
    const mem = this.mem;
    if (!mem || data.length < 16) return this.fail(op, ERR.FAILED_TO_ACT);
    const length = u32(data, 0);
    const seq = u32(data, 4);
    const block = data.subarray(16);
    if (block.length !== length || seq !== mem.nextSeq) return this.fail(op, ERR.INVALID_MESSAGE);
    if (checksum(block) !== chk) return this.fail(op, ERR.BAD_CHECKSUM);
    mem.nextSeq++;
    this.ramBytes += block.length;
    this.ok(op);
  }

  private memEnd(op: number, data: Uint8Array): void {
    if (data.length < 8) return this.fail(op, ERR.INVALID_MESSAGE);
    const noEntry = u32(data, 0);
    const entry = u32(data, 4);
    this.mem = undefined;
    this.ok(op);
    if (noEntry === 0 && entry !== 0 && this.mode === 'rom') {
      // The stub takes over and announces itself.
      this.mode = 'stub';
      this.stubEntry = entry;
      const hello = slipEncode(new Uint8Array(Buffer.from('OHAI', 'latin1')));
      setImmediate(() => setImmediate(() => this.send(hello)));
    }
  }

  private flashBegin(op: number, data: Uint8Array, compressed: boolean): void {
    if (data.length < 16) return this.fail(op, ERR.INVALID_MESSAGE);
    // size (uncompressed from the stub, the erase size from the ROM), blocks, block size, offset
    if (!this.nor.begin(u32(data, 12), u32(data, 0), u32(data, 8), compressed)) return this.fail(op, ERR.FAILED_TO_ACT);
    this.ok(op);
  }

  private flashData(op: number, data: Uint8Array, chk: number): void {
    if (data.length < 16) return this.fail(op, ERR.INVALID_MESSAGE);
    const length = u32(data, 0);
    const block = data.subarray(16);
    if (block.length !== length) return this.fail(op, ERR.INVALID_MESSAGE);
    if (checksum(block) !== chk) return this.fail(op, ERR.BAD_CHECKSUM);
    const outcome = this.nor.block(u32(data, 4), block, op === OP.FLASH_DEFL_DATA);
    if (outcome === 'ok') return this.ok(op);
    const error = outcome === 'deflate' ? ERR.DEFLATE : outcome === 'out-of-range' ? ERR.FLASH_WRITE : outcome === 'out-of-order' ? ERR.INVALID_MESSAGE : ERR.FAILED_TO_ACT;
    this.fail(op, error);
  }

  private flashEnd(op: number): void {
    this.nor.end();
    this.ok(op);
  }

  private md5Command(op: number, data: Uint8Array): void {
    if (data.length < 8) return this.fail(op, ERR.INVALID_MESSAGE);
    const digest = this.nor.md5(u32(data, 0), u32(data, 4));
    if (!digest) return this.fail(op, ERR.FAILED_TO_ACT);
    // The stub sends the 16 raw bytes, the ROM 32 hex characters.
    this.ok(op, this.mode === 'stub' ? [...digest] : [...Buffer.from(digest.toString('hex'), 'latin1')]);
  }

}
