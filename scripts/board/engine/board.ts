// A real Espruino engine (Espruino's interpreter built for Linux) as a board: a child process whose stdin/stdout
// is the board's UART, speaking the same REPL as a serial port, with its Storage in ./espruino.flash of the
// board's directory (the engine emulates Storage in that file of its working directory). At start the engine runs
// the boot code in Storage (.bootcde …) from flash, exactly as a board does after reset.
//   reboot    = kill the process and start it again on the same flash;
//   power cut = SIGKILL at a chosen moment (the board stays off until boot());
//   E.reboot() is "Not implemented" in the Linux build and ends the process: an exit we did not ask for is
//              a reset, and the board starts again (a boot loop stops after a few exits in quick succession);
//   a failed ASSERT prints the interpreter's state and then hangs the Linux build, where a board resets: the
//              board is reset once the dump has been printed, like a watchdog.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { ConsoleLineSplitter } from '../../serial/console-lines';
import { onOneCpu } from './one-cpu';

export const ENGINE_FLASH_FILE = 'espruino.flash';

export interface EngineBoardOptions {
  /** Path of the engine binary. */
  engine: string;
  /** The board's directory: its flash is ./espruino.flash there (created by the engine when missing). */
  storageDir: string;
  /** Each console line the board prints (stdout), as it is printed. */
  onLine?: (line: string) => void;
  /** What the engine writes to stderr (its start-up notes), for diagnostics. */
  onDiagnostic?: (text: string) => void;
  /** Start the board again when the process ends on its own (default true). */
  restartOnExit?: boolean;
}

export type EnginePowerState = 'off' | 'running';

/** Host → engine pacing: bytes per stdin write, and the pause between writes (64 KB/s, above 115200 baud). */
const UART_SLICE_BYTES = 64;
const UART_SLICE_GAP_MS = 1;

/** Runs an engine on a script file (stdin empty, so it ends when the script is done); resolves with its stdout. */
function runScript(engine: string, file: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(engine, [file], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString('latin1')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}
/** Characters per Storage.write in the host-side writer script. */
const WRITE_CHUNK = 4096;

/** How long a failed ASSERT's state dump is given before the reset. */
const ASSERT_DUMP_MS = 500;

/** Exits this close together count as one boot loop. */
const BOOT_LOOP_WINDOW_MS = 3000;
const BOOT_LOOP_EXITS = 5;

/**
 * The Linux build exits when Ctrl-C comes twice at an idle prompt within about a second ("Press Ctrl-C again to
 * exit"); a board never does. A Ctrl-C this soon after the last one is dropped: one clears the line or
 * interrupts the running code, and the tools follow it with whole lines anyway.
 */
export const CTRL_C_SPACING_MS = 3000;

/** The board's UART: stays the same object across restarts, like the USB serial port of a board that resets. */
export class EngineSerialPort extends Duplex {
  private lastCtrlCAt = -Infinity;

  constructor(private readonly board: EngineBoard) {
    super();
  }

  /** Board side: bytes the board printed. */
  transmit(bytes: Buffer): void {
    if (!this.destroyed && !this.readableEnded) this.push(bytes);
  }

  hangUp(): void {
    if (!this.readableEnded) this.push(null);
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.board.input(this.spaceCtrlC(bytes), callback);
  }

  override _read(): void {
    // output is pushed as the board prints
  }

  private spaceCtrlC(bytes: Buffer): Buffer {
    if (!bytes.includes(0x03)) return bytes;
    const kept: number[] = [];
    for (const byte of bytes) {
      if (byte === 0x03) {
        const now = Date.now();
        if (now - this.lastCtrlCAt < CTRL_C_SPACING_MS) continue;
        this.lastCtrlCAt = now;
      }
      kept.push(byte);
    }
    return Buffer.from(kept);
  }
}

export class EngineBoard {
  readonly serial: EngineSerialPort;
  private child: ChildProcess | undefined;
  private exits: number[] = [];
  /** Console lines as a terminal shows them (prompt redraws and the tools' result lines left out). */
  private readonly lines: ConsoleLineSplitter | undefined;
  private disposed = false;
  private startCount = 0;

  constructor(readonly options: EngineBoardOptions) {
    this.serial = new EngineSerialPort(this);
    const onLine = options.onLine;
    this.lines = onLine ? new ConsoleLineSplitter((line) => onLine(line.text)) : undefined;
    mkdirSync(options.storageDir, { recursive: true });
  }

  get flashPath(): string {
    return join(this.options.storageDir, ENGINE_FLASH_FILE);
  }

  get powerState(): EnginePowerState {
    return this.child ? 'running' : 'off';
  }

  /** How many times the engine was started. */
  get starts(): number {
    return this.startCount;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Powers the board on (starts the engine); resolves once the process runs. */
  async boot(): Promise<void> {
    if (this.disposed) throw new Error('the engine board was disposed');
    if (this.child) return;
    const run = onOneCpu(this.options.engine, []);
    const child = spawn(run.command, run.args, { cwd: this.options.storageDir, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.startCount++;
    child.stdout!.on('data', (bytes: Buffer) => this.output(bytes));
    child.stderr!.on('data', (bytes: Buffer) => this.options.onDiagnostic?.(bytes.toString('latin1')));
    child.stdin!.on('error', () => undefined); // a write racing the process's end: the byte is lost, as on a UART
    child.on('exit', (code, signal) => this.exited(child, code, signal));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (error) => {
        if (this.child === child) this.child = undefined;
        reject(new Error(`cannot start the Espruino engine ${this.options.engine}: ${error.message}`));
      });
    });
  }

  /** Kill and start again on the same flash. */
  async reboot(): Promise<void> {
    await this.powerCut();
    await this.boot();
  }

  /** SIGKILL now: whatever the board was writing to its flash stops there. The board stays off. */
  async powerCut(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    this.flushLine();
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await gone;
    }
  }

  /**
   * Writes files into the board's Storage from the host while it is off, as a flasher writes a board's flash: a
   * writer script run by `writer` (an engine with a growable pool, e.g. the stock Linux build: a large file
   * needs more JsVars than a small pool has; the flash format is the same) in the board's directory. Text is
   * latin1 (one char per byte). Espruino's Linux build can stop on "ASSERT(len <= 64) FAILED AT
   * src/jsdevices.c" while a long upload streams into its REPL, so this is the dependable way to put an image
   * on an engine board.
   */
  async writeStorage(files: Record<string, string>, writer: string = this.options.engine): Promise<void> {
    if (this.child) throw new Error('power the engine board off before writing its flash from the host');
    let script = 'var S=require("Storage");';
    for (const [name, text] of Object.entries(files)) {
      script += `S.erase(${JSON.stringify(name)});`;
      for (let at = 0; at < text.length || at === 0; at += WRITE_CHUNK) {
        const piece = JSON.stringify(text.slice(at, at + WRITE_CHUNK));
        script += at === 0 ? `S.write(${JSON.stringify(name)},${piece},0,${text.length});` : `S.write(${JSON.stringify(name)},${piece},${at});`;
      }
    }
    script += 'print("@@written "+S.getFree());';
    const file = join(this.options.storageDir, '.aliot-write-storage.js');
    writeFileSync(file, Buffer.from(script, 'latin1'));
    try {
      const stdout = await runScript(writer, file, this.options.storageDir);
      if (!stdout.includes('@@written')) throw new Error(`writing the engine board's flash failed: ${stdout.slice(-300)}`);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** Power off for good: kill the engine and close the UART. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.powerCut();
    this.serial.hangUp();
  }

  /**
   * Host → board bytes, paced like a UART: UART_SLICE_BYTES per write, then a pause. The engine's console thread
   * reads stdin one byte at a time into the input queue the main loop pops; bursts make the two threads meet in
   * that queue more often ("ASSERT(len <= 64) FAILED AT src/jsdevices.c"), which running the engine on one CPU
   * (one-cpu.ts) prevents. Dropped while the board is off (a powered-off UART reads nothing).
   */
  input(bytes: Buffer, done: (error?: Error | null) => void): void {
    let offset = 0;
    const next = (): void => {
      const stdin = this.child?.stdin;
      if (offset >= bytes.length || !stdin || stdin.destroyed) return done();
      const slice = bytes.subarray(offset, offset + UART_SLICE_BYTES);
      offset += slice.length;
      stdin.write(slice, () => (offset >= bytes.length ? done() : setTimeout(next, UART_SLICE_GAP_MS)));
    };
    next();
  }

  private output(bytes: Buffer): void {
    this.serial.transmit(bytes);
    const text = bytes.toString('latin1');
    this.watchForAssert(text);
    this.lines?.push(text);
  }

  private assertTail = '';

  private watchForAssert(text: string): void {
    const seen = this.assertTail + text;
    this.assertTail = seen.slice(-32);
    if (!/ASSERT\(.*\) FAILED AT/.test(seen)) return;
    this.assertTail = '';
    const child = this.child;
    setTimeout(() => {
      if (this.child !== child || this.disposed) return;
      this.serial.transmit(Buffer.from('\r\n[aliot: the engine failed an ASSERT and hung: reset]\r\n', 'latin1'));
      this.reboot().catch(() => undefined);
    }, ASSERT_DUMP_MS);
  }

  private flushLine(): void {
    this.lines?.flush();
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return; // killed on purpose
    this.child = undefined;
    this.flushLine();
    if (this.disposed || this.options.restartOnExit === false) return;
    const now = Date.now();
    this.exits = this.exits.filter((at) => now - at < BOOT_LOOP_WINDOW_MS).concat(now);
    if (this.exits.length >= BOOT_LOOP_EXITS) {
      const note = `\r\n[aliot: the engine exited ${this.exits.length} times within ${BOOT_LOOP_WINDOW_MS} ms (last: ${signal ?? `code ${code}`}); left off]\r\n`;
      this.serial.transmit(Buffer.from(note, 'latin1'));
      return;
    }
    // Like a board that resets: the same flash, the boot code runs again.
    setTimeout(() => {
      if (!this.disposed && !this.child) this.boot().catch((error: Error) => this.serial.transmit(Buffer.from(`\r\n[aliot: ${error.message}]\r\n`, 'latin1')));
    }, 20);
  }
}
