// One real Espruino engine as a board for the engine-memory bench: started on a copy of a prepared flash (the
// engine runs .bootcde from Storage at start, as a board does after reset), its console read as lines, and its
// memory read over the REPL with one short line. The engine is not restarted when it exits: an exit ends the run
// (after a failed ASSERT the engine board resets it, and the run is done again: see inputFault).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EngineBoard, ENGINE_FLASH_FILE } from '../board/engine/index';
import { ConsoleLog, type ConsoleLine } from '../serial/console-lines';
import { isOutOfMemory, parseReplMemory, REPL_MEMORY_LINE } from './engine-memory-readings';

export type LineWait<T> =
  | { kind: 'found'; value: T; line: ConsoleLine }
  | { kind: 'out-of-memory'; line: ConsoleLine }
  /** The engine failed an internal ASSERT (it then hangs; the engine board resets it). */
  | { kind: 'engine-fault'; line: ConsoleLine }
  | { kind: 'timeout' }
  | { kind: 'exited' };

/**
 * "ASSERT(len <= 64) FAILED AT src/jsdevices.c:591": the interpreter's state is then dumped and the process hangs.
 * Seen 3 times in 68 runs of the MQTT module's client on the 4,000 engine, each time as a REPL line arrived (never in
 * 20 runs without one), whether the line came in one write or byte by byte. Also seen as a REPL line arrived: "OUT
 * OF MEMORY" with 3,500 JsVars free, a one-call line apparently run several times, another failed ASSERT. All are the
 * engine's input handling, not the program: see inputFault(). The cause: the Linux build's console thread pushes
 * stdin bytes into the input queue while the main loop pops it, on another core; engine boards now run on one CPU
 * (scripts/board/engine/one-cpu.ts), and a run that still meets a fault is done again.
 */
export function isEngineFault(line: string): boolean {
  return /ASSERT\(.*\) FAILED/.test(line);
}

export interface LineWaitOptions {
  since: number;
  timeoutMs: number;
  /** False once the engine is gone (checked every 100 ms). */
  alive?: () => boolean;
}

/**
 * The first console line from `since` on that `pick` turns into a value; or the first out-of-memory or failed
 * ASSERT line before it; or a timeout; or the engine's exit.
 */
export function waitForLine<T>(log: ConsoleLog, pick: (text: string) => T | undefined, options: LineWaitOptions): Promise<LineWait<T>> {
  const judge = (line: ConsoleLine): LineWait<T> | undefined => {
    if (isOutOfMemory(line.text)) return { kind: 'out-of-memory', line };
    if (isEngineFault(line.text)) return { kind: 'engine-fault', line };
    const value = pick(line.text);
    return value === undefined ? undefined : { kind: 'found', value, line };
  };
  for (const line of log.from(options.since)) {
    const verdict = judge(line);
    if (verdict) return Promise.resolve(verdict);
  }
  return new Promise((resolve) => {
    const finish = (verdict: LineWait<T>): void => {
      off();
      clearTimeout(timer);
      clearInterval(poll);
      resolve(verdict);
    };
    const off = log.onLine((line) => {
      const verdict = line.index >= options.since ? judge(line) : undefined;
      if (verdict) finish(verdict);
    });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
    const poll = setInterval(() => {
      if (options.alive && !options.alive()) finish({ kind: 'exited' });
    }, 100);
  });
}

/** A REPL line sent: when, and when its answer came (none for a line that prints nothing of its own). */
export interface ReplInput {
  sent: number;
  answered?: number;
}

/** Without an answer, an out-of-memory line this soon after a REPL line is counted as the engine's input fault. */
export const INPUT_FAULT_WINDOW_MS = 300;

/**
 * The line that shows the engine failed on its own while taking REPL input: a failed ASSERT, or out of memory
 * between a REPL line's arrival and its answer (or INPUT_FAULT_WINDOW_MS after it). A run that has one is done
 * again; a program that truly runs out of memory there does so again on every attempt.
 */
export function inputFault(lines: readonly ConsoleLine[], inputs: readonly ReplInput[]): ConsoleLine | undefined {
  const duringInput = (at: number) => inputs.some((i) => at >= i.sent && at <= (i.answered ?? i.sent + INPUT_FAULT_WINDOW_MS));
  return lines.find((line) => isEngineFault(line.text) || (isOutOfMemory(line.text) && duringInput(line.at)));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class BenchEngine {
  readonly console = new ConsoleLog();
  /** Every REPL line sent: when it was sent and answered (Date.now()). */
  readonly inputs: ReplInput[] = [];
  private unanswered: string | undefined;
  private constructor(private readonly board: EngineBoard) {
    board.serial.on('data', (chunk: Buffer) => this.console.push(Buffer.from(chunk).toString('latin1')));
  }

  /** Starts `engine` in `storageDir` on a copy of `flash` (or on an empty Storage when flash is undefined). */
  static async start(engine: string, storageDir: string, flash?: string): Promise<BenchEngine> {
    mkdirSync(storageDir, { recursive: true });
    if (flash !== undefined) copyFileSync(flash, join(storageDir, ENGINE_FLASH_FILE));
    const board = new EngineBoard({ engine, storageDir, restartOnExit: false });
    const bench = new BenchEngine(board);
    await board.boot();
    return bench;
  }

  get running(): boolean {
    return this.board.powerState === 'running';
  }

  /** Waits for a console line (see waitForLine), watching the engine's exit. */
  waitFor<T>(pick: (text: string) => T | undefined, since: number, timeoutMs: number): Promise<LineWait<T>> {
    return waitForLine(this.console, pick, { since, timeoutMs, alive: () => this.running });
  }

  /** Types one REPL line (it should start with \x10 so it is not echoed, and stay within 64 bytes). */
  send(line: string): Promise<void> {
    this.inputs.push({ sent: Date.now() });
    return new Promise((resolve, reject) => this.board.serial.write(line, (error) => (error ? reject(error) : resolve())));
  }

  /** process.memory() over the REPL (it collects garbage first): JsVars used and free. */
  async readMemory(timeoutMs = 5000): Promise<LineWait<{ used: number; free: number }>> {
    const since = this.console.mark();
    const answer = this.waitFor(parseReplMemory, since, timeoutMs);
    await this.send(REPL_MEMORY_LINE);
    const input = this.inputs[this.inputs.length - 1]!;
    const wait = await answer;
    input.answered = wait.kind === 'found' ? wait.line.at : Date.now();
    if (wait.kind === 'timeout') this.unanswered = `no answer to the REPL memory line within ${timeoutMs} ms`;
    return wait;
  }

  /** The engine's own failure while taking REPL input, if it had one (see inputFault), or a REPL line it never answered. */
  inputFault(): string | undefined {
    return inputFault(this.console.lines, this.inputs)?.text.trim() ?? this.unanswered;
  }

  /** The last console lines, for a reason in the report. */
  lastLines(count: number): string[] {
    return this.console.lines.slice(-count).map((l) => l.text);
  }

  async dispose(): Promise<void> {
    await this.board.dispose();
  }
}
