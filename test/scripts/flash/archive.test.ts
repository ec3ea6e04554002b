// Reading Espruino's ESP32 release (espruino_2vXX_esp32.tgz or its folder): the tar reader (tar-stream) and the
// checks that refuse a wrong file or an unusable archive before anything is written.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveError, loadFirmware, readTar } from '../../../scripts/flash/archive';
import { ESP32_LAYOUT, LAYOUTS, layoutForBoard, parseOffsets } from '../../../scripts/flash/layout';
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
  it('reads ustar files and directories, and stops at the end blocks', async () => {
    const entries = await readTar(tar([['top/', null], ['top/a.bin', new Uint8Array([1, 2, 3])], ['top/empty.txt', new Uint8Array(0)]]));
    expect(entries.map((e) => [e.name, e.type, e.data.length])).toEqual([
      ['top/', 'directory', 0],
      ['top/a.bin', 'file', 3],
      ['top/empty.txt', 'file', 0],
    ]);
    expect([...entries[1]!.data]).toEqual([1, 2, 3]);
  });

  it('reads a file larger than one 512-byte block whole, and drops a leading ./ from names', async () => {
    const big = new Uint8Array(1300).map((_, i) => i & 0xff);
    const entries = await readTar(tar([['./top/big.bin', big]]));
    expect(entries.map((e) => e.name)).toEqual(['top/big.bin']);
    expect(Buffer.from(entries[0]!.data).equals(Buffer.from(big))).toBe(true);
  });

  it('takes a GNU long name (type L) and a pax path (type x) for the entry after it', async () => {
    const long = `${'d'.repeat(120)}/bootloader.bin`;
    const gnu = retype(tar([['././@LongLink', Buffer.from(`${long}\0`)], ['short-name', new Uint8Array([7])]]), 0, 'L');
    expect((await readTar(gnu)).map((e) => e.name)).toEqual([long]);
    const pax = retype(tar([['PaxHeader', Buffer.from(paxRecord('path', long))], ['short-name', new Uint8Array([9])]]), 0, 'x');
    expect((await readTar(pax)).map((e) => [e.name, e.data[0]])).toEqual([[long, 9]]);
  });

  it('refuses a damaged header after the first entry with a typed error naming the damage', async () => {
    const archive = Buffer.from(tar([['a.bin', new Uint8Array(600)], ['b.bin', new Uint8Array(10)]]));
    const damaged = Buffer.from(archive);
    damaged[512 + 1024 + 10] ^= 0xff; // inside b.bin's header: its checksum no longer matches
    const error = await readTar(damaged).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).fault).toBe('damaged');
    expect((error as ArchiveError).message).toMatch(/damaged tar header after 1 entries/);
  });

  it('refuses an archive cut inside an entry, or inside a header, as truncated', async () => {
    const archive = Buffer.from(tar([['a.bin', new Uint8Array(600)], ['b.bin', new Uint8Array(10)]]));
    for (const cut of [700, 512 + 1024 + 100]) {
      const error = await readTar(archive.subarray(0, cut), 'espruino.tar').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as ArchiveError).fault).toBe('truncated');
      expect((error as ArchiveError).message).toMatch(/^espruino\.tar is cut short .*incomplete/);
    }
  });

  it('refuses input that is not a tar (text, random bytes, a damaged first header) as not an archive', async () => {
    const text = Buffer.from('<html><body>404 Not Found</body></html>\n'.repeat(20));
    const firstDamaged = Buffer.from(tar([['a.bin', new Uint8Array(8)]]));
    firstDamaged[10] ^= 0xff;
    for (const input of [text, text.subarray(0, 100), firstDamaged]) {
      const error = await readTar(input, 'x.tar').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as ArchiveError).fault).toBe('not-an-archive');
      expect((error as ArchiveError).message).toMatch(/^x\.tar is not a tar archive/);
    }
  });

  it('refuses an entry whose path climbs out with .. or is absolute, also through a pax path', async () => {
    const names = ['../x', '/x', 'top/../../x.bin', 'top/..', 'C:\\x.bin', '\\x.bin'];
    const archives = names.map((name) => tar([['top/ok.bin', new Uint8Array([1])], [name, new Uint8Array([2])]]));
    archives.push(retype(tar([['PaxHeader', Buffer.from(paxRecord('path', '../bootloader.bin'))], ['fine.bin', new Uint8Array([3])]]), 0, 'x'));
    for (const archive of archives) {
      const error = await readTar(archive, 'evil.tar').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as ArchiveError).fault).toBe('unsafe-path');
      expect((error as ArchiveError).message).toMatch(/^evil\.tar: entry ".*" points outside the archive/);
    }
    // '..' inside a name is not a '..' segment
    expect((await readTar(tar([['top/a..b.bin', new Uint8Array([4])]]))).map((e) => e.name)).toEqual(['top/a..b.bin']);
  });

  it.skipIf(!hasTar())('reads an archive made by the system tar (GNU format, gzip) — skipped when tar is not installed', async () => {
    const dir = tempDir();
    writeRelease(dir);
    const out = join(dir, 'system.tgz');
    execFileSync('tar', ['-czf', out, '-C', dir, 'espruino_2v29_esp32']);
    const files = await loadFirmware(out, ESP32_LAYOUT);
    expect(files.map((f) => f.name)).toEqual(['bootloader.bin', 'partitions_espruino.bin', 'espruino_esp32.bin']);
  });

  it.skipIf(!hasTar())('reads a pax-format archive with long paths made by the system tar — skipped when tar is not installed', async () => {
    const dir = tempDir();
    const deep = join(dir, 'x'.repeat(90), 'y'.repeat(90));
    mkdirSync(deep, { recursive: true });
    writeRelease(deep);
    const out = join(tempDir(), 'pax.tar');
    execFileSync('tar', ['--format=pax', '-cf', out, '-C', dir, '.']);
    const files = await loadFirmware(out, ESP32_LAYOUT);
    expect(files.map((f) => f.name)).toEqual(['bootloader.bin', 'partitions_espruino.bin', 'espruino_esp32.bin']);
  });
});

describe('a release archive that cannot be used is refused before anything is read from it', () => {
  it('a .tgz or .tar cut short is refused as truncated, with a typed error naming the file', async () => {
    const dir = tempDir();
    const { archive } = writeRelease(dir);
    const whole = readFileSync(archive);
    const cutGzip = join(dir, 'cut.tgz');
    writeFileSync(cutGzip, whole.subarray(0, Math.floor(whole.length / 2)));
    const cutTar = join(dir, 'cut.tar');
    writeFileSync(cutTar, gunzipSync(whole).subarray(0, 5000));
    for (const path of [cutGzip, cutTar]) {
      const error = await loadFirmware(path, ESP32_LAYOUT).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as ArchiveError).fault).toBe('truncated');
      expect((error as ArchiveError).message).toContain(`${path} is cut short`);
    }
  });

  it('a file that is neither tar nor gzip, and an empty file, are refused with a message that names what to give', async () => {
    const dir = tempDir();
    const html = join(dir, 'espruino_2v29_esp32.tgz');
    writeFileSync(html, '<!DOCTYPE html><title>Download</title>\n'.repeat(30));
    const empty = join(dir, 'empty.tgz');
    writeFileSync(empty, '');
    await expect(loadFirmware(html, ESP32_LAYOUT)).rejects.toThrow(/espruino_2v29_esp32\.tgz is not a tar archive \(nor a \.tgz\)/);
    await expect(loadFirmware(empty, ESP32_LAYOUT)).rejects.toThrow(/empty\.tgz is empty: give Espruino's espruino_2vXX_esp32\.tgz/);
    const error = await loadFirmware(empty, ESP32_LAYOUT).catch((e: unknown) => e);
    expect((error as ArchiveError).fault).toBe('not-an-archive');
  });

  it('a release whose archive holds ../bootloader.bin is refused, not flattened to bootloader.bin', async () => {
    const files = releaseFiles();
    const evil = join(tempDir(), 'evil.tgz');
    writeFileSync(evil, gzipSync(tar([['../bootloader.bin', files['bootloader.bin']], ...Object.entries(files).map(([n, d]) => [`top/${n}`, d] as [string, Uint8Array])])));
    await expect(loadFirmware(evil, ESP32_LAYOUT)).rejects.toThrow(/entry "\.\.\/bootloader\.bin" points outside the archive/);
  });
});

describe('Espruino release → flash files (spec/espruino.md §2: 0x1000, 0x8000, 0x10000)', () => {
  it('finds the three binaries in the .tgz and in the unpacked folder, at the ESP32 offsets', async () => {
    const dir = tempDir();
    const files = releaseFiles();
    const { archive, folder } = writeRelease(dir, files);
    for (const source of [archive, folder]) {
      const loaded = await loadFirmware(source, ESP32_LAYOUT);
      expect(loaded.map((f) => [f.part, f.name, f.address])).toEqual([
        ['bootloader', 'bootloader.bin', 0x1000],
        ['partitions', 'partitions_espruino.bin', 0x8000],
        ['app', 'espruino_esp32.bin', 0x10000],
      ]);
      expect(Buffer.from(loaded[2]!.data).equals(Buffer.from(files['espruino_esp32.bin']))).toBe(true);
    }
  });

  it('names what is missing, and refuses a file without its magic', async () => {
    const dir = tempDir();
    const files = releaseFiles();
    const partial = join(dir, 'partial.tgz');
    writeFileSync(partial, gzipSync(tar([['x/bootloader.bin', files['bootloader.bin']]])));
    await expect(loadFirmware(partial, ESP32_LAYOUT)).rejects.toThrow(/lacks partitions_espruino\.bin, espruino_esp32\.bin/);
    const bad = { ...files, 'espruino_esp32.bin': new Uint8Array([0x00, 1, 2, 3]) };
    await expect(loadFirmware(writeRelease(tempDir(), bad).archive, ESP32_LAYOUT)).rejects.toThrow(/not an ESP32 image.*0xE9/);
    const badTable = { ...files, 'partitions_espruino.bin': new Uint8Array(64) };
    await expect(loadFirmware(writeRelease(tempDir(), badTable).folder, ESP32_LAYOUT)).rejects.toThrow(/not an ESP32 partition table/);
    await expect(loadFirmware(join(dir, 'nope.tgz'), ESP32_LAYOUT)).rejects.toThrow(/does not exist/);
  });

  it('refuses an app larger than the factory partition and overlapping files', async () => {
    const big = releaseFiles(ESP32_LAYOUT.maxAppBytes! + 16);
    await expect(loadFirmware(writeRelease(tempDir(), big).folder, ESP32_LAYOUT)).rejects.toThrow(/app partition/);
    const overlap = parseOffsets('partitions=0x2000', ESP32_LAYOUT);
    await expect(loadFirmware(writeRelease(tempDir()).folder, overlap)).rejects.toThrow(/overlaps/);
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
