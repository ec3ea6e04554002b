// Reading Espruino's ESP32 release (espruino_2vXX_esp32.tgz or its folder): the tar reader and the checks that
// refuse a wrong file before anything is written.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFirmware } from '../../../scripts/flash/archive';
import { ESP32_LAYOUT, LAYOUTS, layoutForBoard, parseOffsets } from '../../../scripts/flash/layout';
import { readTar } from '../../../scripts/flash/tar';
import { esp32 } from '../../../boards/index';
import { paxRecord, releaseFiles, retype, tar, writeRelease } from './firmware-fixture';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aliot-fw-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function hasTar(): boolean {
  try {
    execFileSync('tar', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('tar reader', () => {
  it('reads ustar files and directories, and stops at the end blocks', () => {
    const entries = readTar(tar([['top/', null], ['top/a.bin', new Uint8Array([1, 2, 3])], ['top/empty.txt', new Uint8Array(0)]]));
    expect(entries.map((e) => [e.name, e.type, e.data.length])).toEqual([
      ['top/', '5', 0],
      ['top/a.bin', '0', 3],
      ['top/empty.txt', '0', 0],
    ]);
    expect([...entries[1]!.data]).toEqual([1, 2, 3]);
  });

  it('takes a GNU long name (type L) and a pax path (type x) for the entry after it', () => {
    const long = `${'d'.repeat(120)}/bootloader.bin`;
    const gnu = retype(tar([['././@LongLink', Buffer.from(`${long}\0`)], ['short-name', new Uint8Array([7])]]), 0, 'L');
    expect(readTar(gnu).map((e) => e.name)).toEqual([long]);
    const pax = retype(tar([['PaxHeader', Buffer.from(paxRecord('path', long))], ['short-name', new Uint8Array([9])]]), 0, 'x');
    expect(readTar(pax).map((e) => [e.name, e.data[0]])).toEqual([[long, 9]]);
  });

  it('refuses a damaged header and a cut archive with a message', () => {
    const archive = Buffer.from(tar([['a.bin', new Uint8Array(600)]]));
    const damaged = Buffer.from(archive);
    damaged[10] ^= 0xff;
    expect(() => readTar(damaged)).toThrow(/damaged/);
    expect(() => readTar(archive.subarray(0, 700))).toThrow(/cut short/);
  });

  it.skipIf(!hasTar())('reads an archive made by the system tar (GNU format, gzip) — skipped when tar is not installed', () => {
    const dir = tempDir();
    writeRelease(dir);
    const out = join(dir, 'system.tgz');
    execFileSync('tar', ['-czf', out, '-C', dir, 'espruino_2v29_esp32']);
    const files = loadFirmware(out, ESP32_LAYOUT);
    expect(files.map((f) => f.name)).toEqual(['bootloader.bin', 'partitions_espruino.bin', 'espruino_esp32.bin']);
  });
});

describe('Espruino release → flash files (spec/espruino.md §2: 0x1000, 0x8000, 0x10000)', () => {
  it('finds the three binaries in the .tgz and in the unpacked folder, at the ESP32 offsets', () => {
    const dir = tempDir();
    const files = releaseFiles();
    const { archive, folder } = writeRelease(dir, files);
    for (const source of [archive, folder]) {
      const loaded = loadFirmware(source, ESP32_LAYOUT);
      expect(loaded.map((f) => [f.part, f.name, f.address])).toEqual([
        ['bootloader', 'bootloader.bin', 0x1000],
        ['partitions', 'partitions_espruino.bin', 0x8000],
        ['app', 'espruino_esp32.bin', 0x10000],
      ]);
      expect(Buffer.from(loaded[2]!.data).equals(Buffer.from(files['espruino_esp32.bin']))).toBe(true);
    }
  });

  it('names what is missing, and refuses a file without its magic', () => {
    const dir = tempDir();
    const files = releaseFiles();
    const partial = join(dir, 'partial.tgz');
    writeFileSync(partial, gzipSync(tar([['x/bootloader.bin', files['bootloader.bin']]])));
    expect(() => loadFirmware(partial, ESP32_LAYOUT)).toThrow(/lacks partitions_espruino\.bin, espruino_esp32\.bin/);
    const bad = { ...files, 'espruino_esp32.bin': new Uint8Array([0x00, 1, 2, 3]) };
    expect(() => loadFirmware(writeRelease(tempDir(), bad).archive, ESP32_LAYOUT)).toThrow(/not an ESP32 image.*0xE9/);
    const badTable = { ...files, 'partitions_espruino.bin': new Uint8Array(64) };
    expect(() => loadFirmware(writeRelease(tempDir(), badTable).folder, ESP32_LAYOUT)).toThrow(/not an ESP32 partition table/);
    expect(() => loadFirmware(join(dir, 'nope.tgz'), ESP32_LAYOUT)).toThrow(/does not exist/);
  });

  it('refuses an app larger than the factory partition and overlapping files', () => {
    const big = releaseFiles(ESP32_LAYOUT.maxAppBytes! + 16);
    expect(() => loadFirmware(writeRelease(tempDir(), big).folder, ESP32_LAYOUT)).toThrow(/app partition/);
    const overlap = parseOffsets('partitions=0x2000', ESP32_LAYOUT);
    expect(() => loadFirmware(writeRelease(tempDir()).folder, overlap)).toThrow(/overlaps/);
  });

  it('layouts: ESP32 from the board, C3/S3 put the bootloader at 0x0, --offsets must be 4 KB aligned', () => {
    expect(layoutForBoard(esp32)).toEqual(ESP32_LAYOUT);
    expect(layoutForBoard(undefined, 'ESP32-C3').offsets.bootloader).toBe(0);
    expect(LAYOUTS.esp32s3!.chip).toBe('ESP32-S3');
    expect(parseOffsets('app=0x20000', ESP32_LAYOUT).offsets).toEqual({ bootloader: 0x1000, partitions: 0x8000, app: 0x20000 });
    expect(() => parseOffsets('app=0x20001', ESP32_LAYOUT)).toThrow(/4 KB-aligned/);
    expect(() => parseOffsets('nvs=0x9000', ESP32_LAYOUT)).toThrow(/unknown part/);
    expect(() => layoutForBoard(undefined, 'esp8266')).toThrow(/unknown chip/);
  });
});
