// `aliot flash` end to end with the ROM double in place of the serial port: the release archive is read, each
// file is listed with its address, flashed, verified, and the next step is named.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lineProgress } from '../../../scripts/cli/progress';
import { ArchiveError } from '../../../scripts/flash/archive';
import { runFlash } from '../../../scripts/flash/run';
import { RomDouble } from '../../../scripts/flash/testing/rom-double';
import { releaseFiles, writeRelease } from './firmware-fixture';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('aliot flash (runFlash) with the ROM double on the port', () => {
  it('flashes the three files of espruino_2vXX_esp32.tgz at 0x1000/0x8000/0x10000 and reports them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliot-flash-'));
    dirs.push(dir);
    const files = releaseFiles(20 * 1024);
    const { archive } = writeRelease(dir, files);
    const chip = new RomDouble();
    let out = '';
    const opened: string[] = [];
    const report = await runFlash(
      { port: '/dev/ttyUSB9', firmware: archive, baud: 230400, connectTimeoutMs: 10000 },
      {
        openPort: (path) => {
          opened.push(path);
          return chip.port();
        },
        out: (text) => {
          out += text;
        },
        progress: lineProgress(() => undefined),
      },
    );
    expect(opened).toEqual(['/dev/ttyUSB9']);
    expect(report.files.map((f) => f.address)).toEqual([0x1000, 0x8000, 0x10000]);
    expect(Buffer.from(chip.flash.subarray(0x10000, 0x10000 + 20 * 1024)).equals(Buffer.from(files['espruino_esp32.bin']))).toBe(true);
    expect(out).toMatch(/Flashing espruino_2v29_esp32\.tgz to \/dev\/ttyUSB9 \(ESP32\)/);
    expect(out).toMatch(/bootloader\.bin\s+6267 bytes at 0x1000/);
    expect(out).toMatch(/partitions_espruino\.bin\s+3072 bytes at 0x8000/);
    expect(out).toMatch(/espruino_esp32\.bin\s+20480 bytes at 0x10000/);
    expect(out).toMatch(/Verified: 3 files/);
    expect(out).toMatch(/Next: aliot upload --port \/dev\/ttyUSB9 --board esp32/);
  });

  it('refuses unknown flash modes before touching the port', async () => {
    let opened = false;
    await expect(
      runFlash({ port: 'x', firmware: 'y', flashMode: 'turbo' }, { openPort: () => ((opened = true), new RomDouble().port()), out: () => undefined }),
    ).rejects.toThrow(/--flash-mode must be one of/);
    expect(opened).toBe(false);
  });

  it('refuses a release archive cut short with an ArchiveError before opening the port: nothing is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliot-flash-'));
    dirs.push(dir);
    const { archive } = writeRelease(dir);
    const cut = join(dir, 'espruino_2v29_esp32.cut.tgz');
    const whole = readFileSync(archive);
    writeFileSync(cut, whole.subarray(0, whole.length - 100));
    const chip = new RomDouble();
    const before = Buffer.from(chip.flash);
    let opened = false;
    let out = '';
    const error = await runFlash(
      { port: '/dev/ttyUSB9', firmware: cut, connectTimeoutMs: 2000 },
      { openPort: () => ((opened = true), chip.port()), out: (text) => void (out += text), progress: lineProgress(() => undefined) },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).fault).toBe('truncated');
    expect(opened).toBe(false);
    expect(out).toBe('');
    expect(Buffer.from(chip.flash).equals(before)).toBe(true);
  });
});
