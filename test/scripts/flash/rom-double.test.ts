// The real esptool-js path of `aliot flash`, driven against the ROM-bootloader test double over a fake Web
// Serial port: connect via the DTR/RTS reset, SYNC, chip identification by magic, stub upload, baud change,
// compressed writes verified by the chip's MD5 — and the failures a person must be told about.
import { createHash } from 'node:crypto';
import { ESPLoader, Transport } from 'esptool-js';
import { describe, expect, it } from 'vitest';
import type { FirmwareFile } from '../../../scripts/flash/archive';
import { FlashError, classifyFlashFailure } from '../../../scripts/flash/errors';
import { flashFirmware } from '../../../scripts/flash/flasher';
import { lineProgress } from '../../../scripts/cli/progress';
import { ESP32_LAYOUT } from '../../../scripts/flash/layout';
import { ESP32_MAGIC, RomDouble } from '../../../scripts/flash/testing/rom-double';
import { SlipDecoder, slipEncode } from '../../../scripts/flash/testing/slip';
import { releaseFiles } from './firmware-fixture';

function firmware(): FirmwareFile[] {
  const f = releaseFiles();
  return [
    { part: 'bootloader', name: 'bootloader.bin', address: ESP32_LAYOUT.offsets.bootloader, data: f['bootloader.bin'] },
    { part: 'partitions', name: 'partitions_espruino.bin', address: ESP32_LAYOUT.offsets.partitions, data: f['partitions_espruino.bin'] },
    { part: 'app', name: 'espruino_esp32.bin', address: ESP32_LAYOUT.offsets.app, data: f['espruino_esp32.bin'] },
  ];
}

async function flashError(run: Promise<unknown>): Promise<FlashError> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(FlashError);
    return error as FlashError;
  }
  throw new Error('flashing succeeded, a failure was expected');
}

describe('SLIP framing (the double\'s side)', () => {
  it('round-trips frames holding 0xC0 and 0xDB in any chunking, and drops noise before the first frame', () => {
    const frames = [new Uint8Array([0x00, 0xc0, 0xdb, 0x01]), new Uint8Array([0xdb, 0xdc, 0xdd, 0xc0])];
    const wire = Buffer.concat([Buffer.from('boot noise'), ...frames.map((f) => Buffer.from(slipEncode(f)))]);
    for (const size of [1, 2, 3, 7, wire.length]) {
      const got: number[][] = [];
      const decoder = new SlipDecoder((frame) => got.push([...frame]));
      for (let i = 0; i < wire.length; i += size) decoder.push(wire.subarray(i, i + size));
      expect(got).toEqual(frames.map((f) => [...f]));
    }
  });
});

describe('aliot flash through esptool-js against the ROM double', () => {
  it('connects, uploads the stub, changes baud, writes bootloader/partitions/app compressed, verifies by MD5 and resets into the app', async () => {
    const chip = new RomDouble();
    const files = firmware();
    const progress: string[] = [];
    const report = await flashFirmware({
      port: chip.port(),
      portLabel: 'fake0',
      files,
      expectChip: 'ESP32',
      baudRate: 460800,
      connectTimeoutMs: 10000,
      progress: lineProgress((line) => progress.push(line)),
    });
    expect(report.chip).toBe('ESP32');
    expect(report.description).toBe('ESP32-D0WDQ6 (revision 0)');
    for (const f of files) {
      expect(Buffer.from(chip.flash.subarray(f.address, f.address + f.data.length)).equals(Buffer.from(f.data))).toBe(true);
      expect(report.files.find((r) => r.address === f.address)!.md5).toBe(chip.md5(f.address, f.data.length));
    }
    // Untouched flash around the files stays erased.
    expect(chip.flash[0]).toBe(0xff);
    expect(chip.flash[0x10000 + files[2]!.data.length + 0x1000]).toBe(0xff);
    // The protocol steps esptool-js went through.
    for (const op of ['SYNC', 'GET_SECURITY_INFO', 'READ_REG', 'WRITE_REG', 'MEM_BEGIN', 'MEM_DATA', 'MEM_END', 'CHANGE_BAUDRATE', 'FLASH_DEFL_BEGIN', 'FLASH_DEFL_DATA', 'FLASH_DEFL_END', 'SPI_FLASH_MD5'] as const) {
      expect(chip.saw(op), op).toBe(true);
    }
    expect(chip.stubEntry).toBeGreaterThan(0x40000000);
    expect(chip.ramBytes).toBeGreaterThan(1000);
    expect(chip.bootloaderEntries).toBeGreaterThanOrEqual(1);
    expect(chip.baudChanges.at(-1)).toBe(460800);
    expect(chip.appBoots).toBe(1);
    expect(chip.mode).toBe('app');
    expect(progress.some((l) => l.includes('espruino_esp32.bin: 100%'))).toBe(true);
  });

  it('a corrupted write (the chip flips a byte in flash) is reported as a verification failure naming the file', async () => {
    const chip = new RomDouble({ corruptAt: ESP32_LAYOUT.offsets.app + 0x123 });
    const error = await flashError(
      flashFirmware({ port: chip.port(), portLabel: 'fake0', files: firmware(), expectChip: 'ESP32', baudRate: 115200, connectTimeoutMs: 10000 }),
    );
    expect(error.code).toBe('VERIFY_FAILED');
    expect(error.message).toMatch(/verification failed for espruino_esp32\.bin at 0x10000/);
    expect(error.message).toMatch(/file MD5 [0-9a-f]{32}, flash MD5 [0-9a-f]{32}/);
    expect(chip.appBoots).toBe(0); // not reset into a damaged firmware
  });

  it('no answer from the chip (a port with nothing behind it) fails within the connect timeout', async () => {
    const chip = new RomDouble({ silent: true });
    const started = Date.now();
    const error = await flashError(
      flashFirmware({ port: chip.port(), portLabel: '/dev/ttyFAKE', files: firmware(), expectChip: 'ESP32', connectTimeoutMs: 1200 }),
    );
    expect(Date.now() - started).toBeLessThan(4000);
    expect(error.code).toBe('NO_ANSWER');
    expect(error.message).toMatch(/no answer from the chip on \/dev\/ttyFAKE within 1\.2 s: put it in download mode/);
  });

  it('wrong chip: an ESP32-C3 is found and nothing is written', async () => {
    const chip = new RomDouble({ magic: 0x1b31506f });
    const error = await flashError(
      flashFirmware({ port: chip.port(), portLabel: 'fake0', files: firmware(), expectChip: 'ESP32', baudRate: 115200, connectTimeoutMs: 10000 }),
    );
    expect(error.code).toBe('WRONG_CHIP');
    expect(error.message).toMatch(/found ESP32-C3 .*this firmware is for ESP32.*nothing was written/);
    expect(chip.saw('FLASH_DEFL_BEGIN')).toBe(false);
    expect(chip.flash.every((b) => b === 0xff)).toBe(true);
  });

  it('wrong chip: a magic no Espressif chip has', async () => {
    const chip = new RomDouble({ magic: 0xdeadbeef });
    const error = await flashError(
      flashFirmware({ port: chip.port(), portLabel: 'fake0', files: firmware(), expectChip: 'ESP32', connectTimeoutMs: 10000 }),
    );
    expect(error.code).toBe('WRONG_CHIP');
    expect(error.message).toMatch(/not one esptool-js knows/);
  });

  it('the double also serves uncompressed writes (FLASH_BEGIN/DATA/END), SPI_ATTACH, SPI_SET_PARAMS and ERASE_REGION', async () => {
    const chip = new RomDouble();
    const transport = new Transport(chip.port() as unknown as ConstructorParameters<typeof Transport>[0]);
    (transport as unknown as { trace: () => void }).trace = () => undefined;
    const loader = new ESPLoader({ transport, baudrate: 115200, terminal: { clean() {}, write() {}, writeLine() {} } });
    expect(await loader.main()).toBe('ESP32-D0WDQ6 (revision 0)');
    expect(await loader.readFlashId()).toBe(0x1640ef);
    await loader.flashSpiAttach(0);
    const params = new Uint8Array(24);
    new DataView(params.buffer).setUint32(4, 4 * 1024 * 1024, true);
    await loader.checkCommand('set SPI params', 0x0b, params);
    const data = new Uint8Array(5000).map((_, i) => (i * 7) & 0xff);
    await loader.writeFlash({
      fileArray: [{ data, address: 0x200000 }],
      flashMode: 'keep',
      flashFreq: 'keep',
      flashSize: 'keep',
      eraseAll: false,
      compress: false,
      calculateMD5Hash: (image: Uint8Array) => createHash('md5').update(image).digest('hex'),
    });
    expect(Buffer.from(chip.flash.subarray(0x200000, 0x200000 + 5000)).equals(Buffer.from(data))).toBe(true);
    await loader.checkCommand('erase region', 0xd1, new Uint8Array([0, 0, 0x20, 0, 0, 0x10, 0, 0]));
    expect(chip.flash.subarray(0x200000, 0x201000).every((b) => b === 0xff)).toBe(true);
    for (const op of ['FLASH_BEGIN', 'FLASH_DATA', 'FLASH_END', 'SPI_ATTACH', 'SPI_SET_PARAMS', 'ERASE_REGION'] as const) expect(chip.saw(op), op).toBe(true);
    await transport.disconnect();
  });

  it('refuses a data block with a wrong checksum (the ROM\'s "invalid CRC")', async () => {
    const chip = new RomDouble({ startInBootloader: true });
    const replies: Uint8Array[] = [];
    chip.attach((bytes) => replies.push(bytes));
    const frame = (op: number, data: number[], chk = 0) =>
      slipEncode(new Uint8Array([0x00, op, data.length & 0xff, data.length >> 8, chk, 0, 0, 0, ...data]));
    const le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
    chip.receive(frame(0x02, [...le(0x1000), ...le(1), ...le(0x400), ...le(0x100000), ...le(0)]));
    chip.receive(frame(0x03, [...le(4), ...le(0), ...le(0), ...le(0), 1, 2, 3, 4], 0x00));
    await new Promise((r) => setTimeout(r, 20));
    const decoded: Uint8Array[] = [];
    const decoder = new SlipDecoder((f) => decoded.push(f));
    for (const r of replies) decoder.push(r);
    expect(decoded.map((d) => [d[1], d[8], d[9]])).toEqual([
      [0x02, 0, 0],
      [0x03, 1, 0x07],
    ]);
    expect(ESP32_MAGIC).toBe(0x00f01d83);
  });

  it('turns esptool-js errors into messages with a remedy', () => {
    const ctx = { stage: 'connect' as const, portLabel: '/dev/ttyUSB0' };
    expect(classifyFlashFailure(new Error('Failed to connect with the device'), ctx).code).toBe('NO_ANSWER');
    expect(classifyFlashFailure(new Error('No serial data received.'), { ...ctx, stage: 'write', file: { name: 'a.bin', address: 0x8000 } }).message).toMatch(
      /stopped answering during a\.bin at 0x8000/,
    );
    expect(classifyFlashFailure(new Error('boom'), ctx).code).toBe('FLASH_FAILED');
  });
});
