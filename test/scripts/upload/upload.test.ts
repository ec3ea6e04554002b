// `aliot upload` against the virtual ESP32: the image lands in .bootcde verified by the board's own hash, and a
// cut at any point — the cable at any byte, the power during the transfer — leaves the board booting either the
// previous image or the new one, whole.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Duplex } from 'node:stream';
import type { VirtualEsp32 } from '../../../scripts/board/virtual';
import { BOOT_FILE, STAGING_FILE, uploadImage, UploadError, type UploadOptions } from '../../../scripts/board/upload/upload';
import { encodePacket, PACKET_TYPE } from '../../../scripts/board/upload/packets';
import { hasPacketProtocol, parseVersion } from '../../../scripts/board/upload/board-info';
import { hostDigest, digestExpression } from '../../../scripts/board/upload/digest';
import { ReplClient } from '../../../scripts/serial/repl-client';
import { runUpload } from '../../../scripts/board/upload/run';
import type { ProgressSink } from '../../../scripts/cli/progress';
import { projectRoot } from '../../../scripts/project-root';

const SELFTEST_IMAGE = join(projectRoot, 'dist', 'selftest', 'image.js');
import { bootedBoard, CuttableCable, disposeBoards } from '../serial/virtual-board';

afterEach(() => disposeBoards());

const IMAGE_A = 'print("image A");';
/** About 5 KB (five 1024-char chunks) with quotes, backslashes, newlines and 8-bit bytes to escape. */
const IMAGE_B =
  `/* ${'padding "quoted" \\ back\\slash \xe9\xff\t'.repeat(140)} */\n` + 'var e="\\u00e9\xe9";print("image B "+e.length);';

function text(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('latin1');
}

async function boardWith(image: string): Promise<VirtualEsp32> {
  const board = await bootedBoard();
  board.storage.write(BOOT_FILE, new Uint8Array(Buffer.from(image, 'latin1')));
  return board;
}

/** Reboots the board and tells which image it ran. */
async function bootedImage(board: VirtualEsp32): Promise<'A' | 'B' | 'none'> {
  // A reset the board itself asked for (reset() from the tool) finishes first, like a real chip's.
  for (let i = 0; i < 200 && board.powerState === 'booting'; i++) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setImmediate(r));
  const since = board.consoleLines().length;
  await board.reboot();
  for (let i = 0; i < 100; i++) {
    const lines = board.consoleLines().slice(since);
    if (lines.includes('image A')) return 'A';
    if (lines.includes('image B 2')) return 'B';
    await new Promise((r) => setTimeout(r, 5));
  }
  return 'none';
}

const FAST: Pick<UploadOptions, 'timeoutMs'> = { timeoutMs: 2000 };

describe('aliot upload (uploadImage) on the virtual ESP32', () => {
  it('stages, verifies, switches and reboots: the new image runs; the packet protocol is tried first and the NAK falls back to chunks', async () => {
    const board = await boardWith(IMAGE_A);
    const repl = new ReplClient(board.serial);
    const events: string[] = [];
    const result = await uploadImage(repl, IMAGE_B, { ...FAST, onEvent: (e) => e.type !== 'progress' && events.push(e.message) });
    expect(result.protocol).toBe('classic');
    expect(result.digest.algorithm).toBe('sha256');
    expect(result.digest).toMatchObject(hostDigest(IMAGE_B, 'sha256'));
    expect(events.join('\n')).toMatch(/answered FILE_SEND with NAK: sending Storage\.write chunks instead/);
    expect(text(board.storage.read(BOOT_FILE))).toBe(IMAGE_B);
    expect(board.storage.read(STAGING_FILE)).toBeUndefined();
    expect(await bootedImage(board)).toBe('B');
  });

  it('an image already in .bootcde is not sent again', async () => {
    const board = await boardWith(IMAGE_B);
    const repl = new ReplClient(board.serial);
    const result = await uploadImage(repl, IMAGE_B, { ...FAST, reboot: false });
    expect(result).toMatchObject({ upToDate: true, protocol: 'none', resumed: false });
  });

  it('a verified .bootcde.new left by an interrupted run is switched in without sending it again', async () => {
    const board = await boardWith(IMAGE_A);
    board.storage.write(STAGING_FILE, new Uint8Array(Buffer.from(IMAGE_B, 'latin1')));
    let chunks = 0;
    const cable = new CuttableCable(board.serial, Infinity, undefined, (c) => {
      if (c.toString('latin1').includes(`write("${STAGING_FILE}"`)) chunks++;
    });
    const result = await uploadImage(new ReplClient(cable), IMAGE_B, { ...FAST, reboot: false });
    expect(result).toMatchObject({ resumed: true, protocol: 'none' });
    expect(chunks).toBe(0);
    expect(text(board.storage.read(BOOT_FILE))).toBe(IMAGE_B);
  });

  it('a link that changes data is caught by the hash: VERIFY_FAILED, and .bootcde keeps the previous image', async () => {
    const board = await boardWith(IMAGE_A);
    // A cable that flips one character of the third chunk.
    let seen = 0;
    const garbling = new (class extends Duplex {
      constructor() {
        super();
        board.serial.on('data', (d: Buffer) => this.push(d));
      }
      override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void) {
        let line = chunk.toString('latin1');
        if (line.includes(`write("${STAGING_FILE}"`) && ++seen === 3) line = line.replace('padding', 'paddinG');
        board.serial.write(Buffer.from(line, 'latin1'), () => cb());
      }
      override _read() {}
    })();
    const error = await uploadImage(new ReplClient(garbling), IMAGE_B, FAST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).code).toBe('VERIFY_FAILED');
    expect((error as UploadError).message).toMatch(/does not match the image .*\.bootcde was not touched/);
    expect(text(board.storage.read(BOOT_FILE))).toBe(IMAGE_A);
    expect(await bootedImage(board)).toBe('A');
  });

  it('warns when a .bootrst would run instead of .bootcde', async () => {
    const board = await boardWith(IMAGE_A);
    board.storage.write('.bootrst', new Uint8Array(Buffer.from('print("rst")')));
    const warnings: string[] = [];
    await uploadImage(new ReplClient(board.serial), IMAGE_B, { ...FAST, reboot: false, onEvent: (e) => e.type === 'warning' && warnings.push(e.message) });
    expect(warnings.join()).toMatch(/\.bootrst, which runs INSTEAD of \.bootcde/);
  });

  it('sends by packets when the board ACKs them (a packet-protocol shim in front of the virtual board)', async () => {
    const board = await boardWith(IMAGE_A);
    const shim = new PacketShim(board);
    const result = await uploadImage(new ReplClient(shim), IMAGE_B, { ...FAST, reboot: false });
    expect(result.protocol).toBe('packets');
    expect(shim.files).toEqual([STAGING_FILE]);
    expect(text(board.storage.read(BOOT_FILE))).toBe(IMAGE_B);
  });

  it('packet framing and version rules (spec/espruino.md §2: 2v25+, 13-bit length)', () => {
    expect([...encodePacket(PACKET_TYPE.FILE_SEND, new Uint8Array(25)).subarray(0, 4)]).toEqual([0x10, 0x01, 0x60, 0x19]);
    expect([...encodePacket(PACKET_TYPE.DATA, new Uint8Array(0x1fff)).subarray(0, 4)]).toEqual([0x10, 0x01, 0x9f, 0xff]);
    expect(() => encodePacket(PACKET_TYPE.DATA, new Uint8Array(0x2000))).toThrow(/at most 8191/);
    expect(parseVersion('Espruino 2v29.277 ESP32')).toEqual([2, 29]);
    expect([hasPacketProtocol('2v24'), hasPacketProtocol('2v25'), hasPacketProtocol('3v00'), hasPacketProtocol(undefined)]).toEqual([false, true, true, false]);
    // Espruino's Linux builds assert in the packet transfer: they get classic chunks.
    expect([hasPacketProtocol('2v29', 'ESP32'), hasPacketProtocol('2v29', 'LINUX'), hasPacketProtocol('2v29', 'LINUXPOOL')]).toEqual([true, false, false]);
  });

  it('the board-side hashes agree with the host: SHA-256 and the JavaScript CRC-32 fallback', async () => {
    const board = await boardWith(IMAGE_B);
    const repl = new ReplClient(board.serial);
    for (const algorithm of ['sha256', 'crc32-js'] as const) {
      const r = await repl.call<{ n: number; h: string }>(digestExpression(BOOT_FILE, algorithm));
      expect({ length: r.n, hash: r.h }).toEqual(hostDigest(IMAGE_B, algorithm));
    }
    expect(await repl.call(digestExpression('no such file', 'sha256'))).toBeNull();
  });
});

describe('an interrupted upload leaves the previous image bootable', () => {
  it('cut at every command line (mid-line and at its end): the board boots A or B, whole, and a rerun finishes', async () => {
    const board = await boardWith(IMAGE_A);
    // A full run through a cable that never cuts, to learn where each host line ends.
    const boundaries: number[] = [];
    const probe = new CuttableCable(board.serial, Infinity, undefined, (c) => boundaries.push(c.length));
    await uploadImage(new ReplClient(probe), IMAGE_B, { ...FAST, reboot: false });
    const ends: number[] = [];
    boundaries.reduce((at, n) => (ends.push(at + n), at + n), 0);
    const cuts = new Set<number>();
    ends.forEach((end, i) => {
      const start = i === 0 ? 0 : ends[i - 1]!;
      cuts.add(Math.floor((start + end) / 2)); // inside the line: the board never runs it
      cuts.add(end); // the whole line arrived: it runs, its answer is lost
    });
    const outcomes = new Map<number, 'A' | 'B'>();
    await bootedImage(board); // a fresh REPL for the first cut; each check below leaves the next one
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      board.storage.eraseAll();
      board.storage.write(BOOT_FILE, new Uint8Array(Buffer.from(IMAGE_A, 'latin1')));
      // The USB adapter is unplugged at this byte: the port closes, and the tool learns at once.
      const cable: CuttableCable = new CuttableCable(board.serial, cut, () => setImmediate(() => cable.emit('close')));
      const repl = new ReplClient(cable, { timeoutMs: 2000 });
      const error = await uploadImage(repl, IMAGE_B, { reboot: false, timeoutMs: 2000 }).catch((e: unknown) => e);
      if (cable.wasCut) {
        expect(error, `cut at byte ${cut}`).toBeInstanceOf(UploadError);
        expect((error as UploadError).code).toBe('INTERRUPTED');
      }
      const boot = text(board.storage.read(BOOT_FILE));
      expect([IMAGE_A, IMAGE_B], `cut at byte ${cut}: .bootcde is neither image`).toContain(boot);
      const ran = await bootedImage(board);
      expect(ran, `cut at byte ${cut}`).toBe(boot === IMAGE_A ? 'A' : 'B');
      outcomes.set(cut, ran as 'A' | 'B');
    }
    expect(outcomes.size).toBeGreaterThan(20);
    const values = [...outcomes.values()];
    expect(values).toContain('A'); // cuts before the switch
    expect(values).toContain('B'); // cuts after it
    // Before the switch is A, after it B: one change-over point.
    const sequence = [...outcomes.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v).join('');
    expect(sequence).toMatch(/^A+B+$/);
    // After the last cut the staged file may remain; a rerun finishes the job.
    const rerun = await uploadImage(new ReplClient(board.serial), IMAGE_B, { ...FAST, reboot: false });
    expect(rerun.upToDate || rerun.resumed || rerun.protocol === 'classic').toBe(true);
    expect(text(board.storage.read(BOOT_FILE))).toBe(IMAGE_B);
  });

  it('power lost during the transfer or just before the switch: the board boots the previous image', async () => {
    for (const when of ['third chunk', 'switch line'] as const) {
      const board = await boardWith(IMAGE_A);
      let chunks = 0;
      // Power lost: the board stops, and what the tool sends after that reaches nobody.
      const cable: CuttableCable = new CuttableCable(board.serial, Infinity, undefined, (c) => {
        const line = c.toString('latin1');
        if (line.includes(`write("${STAGING_FILE}"`)) chunks++;
        const hit = when === 'third chunk' ? chunks === 3 : line.includes(`S.write("${BOOT_FILE}"`);
        if (hit && board.powerState !== 'off') {
          board.powerOff();
          cable.cut();
        }
      });
      const error = await uploadImage(new ReplClient(cable, { timeoutMs: 150, syncTimeoutMs: 300 }), IMAGE_B, { reboot: false, timeoutMs: 150, slowTimeoutMs: 150 }).catch(
        (e: unknown) => e,
      );
      expect((error as UploadError).code, when).toBe('INTERRUPTED');
      expect((error as UploadError).message).toMatch(/The board still holds a complete image in \.bootcde/);
      await board.boot();
      expect(text(board.storage.read(BOOT_FILE)), when).toBe(IMAGE_A);
      expect(await bootedImage(board), when).toBe('A');
    }
  });
});

/**
 * Espruino's packet protocol in front of the virtual board (which NAKs packets): FILE_SEND and DATA packets are
 * answered with ACK and the file lands in the board's Storage; everything else passes through.
 */
class PacketShim extends Duplex {
  readonly files: string[] = [];
  private file: { name: string; size: number; data: Buffer[] } | undefined;
  constructor(private readonly board: VirtualEsp32) {
    super();
    board.serial.on('data', (d: Buffer) => this.push(d));
  }
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    if (chunk[0] !== 0x10 || chunk[1] !== 0x01) {
      this.board.serial.write(chunk, () => cb());
      return;
    }
    const header = (chunk[2]! << 8) | chunk[3]!;
    const type = header & 0xe000;
    const data = chunk.subarray(4, 4 + (header & 0x1fff));
    if (type === PACKET_TYPE.FILE_SEND) {
      const info = JSON.parse(data.toString('latin1')) as { fn: string; s: number };
      this.file = { name: info.fn, size: info.s, data: [] };
    } else if (type === PACKET_TYPE.DATA && this.file) {
      this.file.data.push(Buffer.from(data));
      const all = Buffer.concat(this.file.data);
      if (all.length >= this.file.size) {
        this.board.storage.write(this.file.name, new Uint8Array(all));
        this.files.push(this.file.name);
        this.file = undefined;
      }
    }
    setImmediate(() => this.push(Buffer.from([0x06])));
    cb();
  }
  override _read(): void {}
}

describe('aliot upload --virtual (runUpload)', () => {
  it('uploads dist/selftest/image.js into a named virtual board whose flash persists, and the image runs at the next boot; progress goes to the progress sink, not into the messages', async () => {
    const base = mkdtempSync(join(tmpdir(), 'aliot-upload-cli-'));
    try {
      const image = join(base, 'image.js');
      writeFileSync(image, existsSync(SELFTEST_IMAGE) ? readFileSync(SELFTEST_IMAGE) : Buffer.from('print("selftest stand-in")'));
      let out = '';
      const progress: string[] = [];
      const sink: ProgressSink = {
        start: (files) => progress.push(`start ${files.map((f) => `${f.name}:${f.bytes}`).join(',')}`),
        update: (index, sent, total) => progress.push(`${index} ${sent}/${total}`),
        stop: () => progress.push('stop'),
      };
      const result = await runUpload({ virtual: 'u1', image }, { out: (t) => (out += t), progress: sink, virtualOptions: { baseDir: base } });
      expect(result.protocol).toBe('classic');
      expect(progress[0]).toBe(`start image.js:${result.bytes}`);
      expect(progress.slice(-2)).toEqual([`0 ${result.bytes}/${result.bytes}`, 'stop']);
      expect(progress.filter((p) => p.startsWith('start'))).toHaveLength(1);
      expect(out).not.toMatch(/bytes sent|%/);
      expect(out).toMatch(/Uploading .*image\.js \(\d+ bytes\) to virtual board u1/);
      expect(out).toMatch(/Done: sent by Storage\.write chunks; sha256 [0-9a-f]{64} verified on the board/);
      const board = await bootedBoard({ storageDir: join(base, 'u1') });
      expect(text(board.storage.read(BOOT_FILE))).toBe(readFileSync(image).toString('latin1'));
      const again = await runUpload({ virtual: 'u1', image, reboot: false }, { out: () => undefined, progress: sink, virtualOptions: { baseDir: base } });
      expect(again.upToDate).toBe(true);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('names the missing image and how to build it', async () => {
    await expect(runUpload({ virtual: 'x', image: '/nonexistent/image.js' }, { out: () => undefined })).rejects.toThrow(/does not exist: build it first/);
  });
});
