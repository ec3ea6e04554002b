// A virtual ESP32 in a temporary flash directory, for the serial tools' tests; dispose with disposeBoards().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { createVirtualEsp32, type VirtualEsp32, type VirtualEsp32Options } from '../../../scripts/board/virtual';
import type { BoardPort } from '../../../scripts/serial/board-port';

const opened: { board: VirtualEsp32; dir: string }[] = [];

export function virtualBoard(options: Partial<VirtualEsp32Options> = {}): VirtualEsp32 {
  const dir = options.storageDir ?? mkdtempSync(join(tmpdir(), 'aliot-serial-board-'));
  const board = createVirtualEsp32({ seed: 3, ...options, storageDir: dir });
  opened.push({ board, dir });
  return board;
}

export async function bootedBoard(options: Partial<VirtualEsp32Options> = {}): Promise<VirtualEsp32> {
  const board = virtualBoard(options);
  await board.boot();
  return board;
}

export function disposeBoards(): void {
  for (const { board, dir } of opened.splice(0)) {
    board.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The board's port as the tools take it (closing it leaves the board to disposeBoards). */
export function portOf(board: VirtualEsp32, duplex: Duplex = board.serial): BoardPort {
  return { label: 'virtual test board', duplex, virtual: board, close: async () => undefined };
}

/**
 * A cable that can be cut: passes bytes both ways until `cut()` (or until `cutAfterBytes` host bytes went
 * through, the rest of that write included up to the limit); after that nothing passes in either direction.
 */
export class CuttableCable extends Duplex {
  private passed = 0;
  private isCut = false;
  private readonly onBoardData = (chunk: Buffer) => {
    if (!this.isCut) this.push(chunk);
  };

  constructor(
    private readonly inner: Duplex,
    private readonly cutAfterBytes = Infinity,
    private readonly onCut: () => void = () => undefined,
    /** Sees each host write before it is passed on (e.g. to power the board off at a chosen line). */
    private readonly beforeWrite: (chunk: Buffer) => void = () => undefined,
  ) {
    super();
    inner.on('data', this.onBoardData);
  }

  get wasCut(): boolean {
    return this.isCut;
  }

  cut(): void {
    if (this.isCut) return;
    this.isCut = true;
    this.inner.off('data', this.onBoardData);
    this.onCut();
  }

  /** Cuts and closes the port, as unplugging a USB serial adapter does. */
  unplug(): void {
    this.cut();
    this.emit('close');
  }

  /** Host bytes passed to the board so far. */
  get bytesPassed(): number {
    return this.passed;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.isCut) return callback();
    this.beforeWrite(chunk);
    if (this.isCut) return callback();
    const room = this.cutAfterBytes - this.passed;
    if (chunk.length <= room) {
      this.passed += chunk.length;
      this.inner.write(chunk, () => callback());
      return;
    }
    const part = chunk.subarray(0, Math.max(0, room));
    this.passed += part.length;
    const finish = () => {
      this.cut();
      callback();
    };
    if (part.length > 0) this.inner.write(part, finish);
    else finish();
  }

  override _read(): void {
    // data is pushed as the board sends it
  }
}
