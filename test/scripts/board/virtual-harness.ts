// Test harness for the virtual ESP32: a board in a temporary storage directory, its console lines, and a
// REPL client that talks over the serial port as a person (or the upload tool) would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createVirtualEsp32, type VirtualEsp32, type VirtualEsp32Options } from '../../../scripts/board/virtual';

export type LineMatch = RegExp | string | ((line: string) => boolean);

export interface Session {
  board: VirtualEsp32;
  storageDir: string;
  /** Sends one line (latin1) on the serial port; `quiet` prefixes \x10 (no echo, no result). */
  send(line: string, quiet?: boolean): void;
  /** Resolves with the first console line (from now on, or from `since`) that matches. */
  waitForLine(match: LineMatch, timeoutMs?: number, since?: number): Promise<string>;
  /** Resolves once the serial output (from `since`) contains the text. */
  waitForOutput(text: string, timeoutMs?: number, since?: number): Promise<string>;
  /** The JSON after "PROBE <tag> " of the next line with that tag (each tag is read in order). */
  probe<T = unknown>(tag: string, timeoutMs?: number): Promise<T>;
  /** How many console lines there are so far (a `since` mark). */
  mark(): number;
  /** Serial output length so far (a `since` mark for waitForOutput). */
  outputMark(): number;
  dispose(): void;
}

const sessions: Session[] = [];

/** A board in a fresh temporary storage directory (or the given one), not yet booted. */
export function openSession(options: Partial<VirtualEsp32Options> = {}): Session {
  const storageDir = options.storageDir ?? mkdtempSync(path.join(tmpdir(), 'aliot-vesp32-'));
  const ownsDir = options.storageDir === undefined;
  const board = createVirtualEsp32({ seed: 7, ...options, storageDir });
  const probeMarks = new Map<string, number>();
  const session: Session = {
    board,
    storageDir,
    send(line, quiet = false) {
      board.serial.write(Buffer.from(`${quiet ? '\x10' : ''}${line}\n`, 'latin1'));
    },
    waitForLine(match, timeoutMs = 8000, since = board.consoleLines().length) {
      return waitForLine(board, match, timeoutMs, since);
    },
    async waitForOutput(text, timeoutMs = 8000, since = board.output().length) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const output = board.output().slice(since);
        if (output.includes(text)) return output;
        if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(text)} in the serial output within ${timeoutMs} ms: ${JSON.stringify(output)}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async probe<T>(tag: string, timeoutMs?: number): Promise<T> {
      const prefix = `PROBE ${tag} `;
      const since = probeMarks.get(tag) ?? 0;
      const line = await session.waitForLine((l) => l.startsWith(prefix), timeoutMs, since);
      probeMarks.set(tag, board.consoleLines().indexOf(line, since) + 1);
      return JSON.parse(line.slice(prefix.length)) as T;
    },
    mark: () => board.consoleLines().length,
    outputMark: () => board.output().length,
    dispose() {
      board.dispose();
      if (ownsDir) rmSync(storageDir, { recursive: true, force: true });
    },
  };
  sessions.push(session);
  return session;
}

async function waitForLine(board: VirtualEsp32, match: LineMatch, timeoutMs: number, since: number): Promise<string> {
  const test =
    typeof match === 'function' ? match : (line: string) => (typeof match === 'string' ? line.includes(match) : match.test(line));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = board.consoleLines();
    for (let i = since; i < lines.length; i++) if (test(lines[i]!)) return lines[i]!;
    if (Date.now() > deadline) {
      throw new Error(`no console line matching ${String(match)} within ${timeoutMs} ms; lines:\n${lines.slice(since).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A booted board. */
export async function bootSession(options: Partial<VirtualEsp32Options> = {}): Promise<Session> {
  const session = openSession(options);
  await session.board.boot();
  return session;
}

/** Disposes every session opened since the last call (use in afterEach). */
export function disposeSessions(): void {
  for (const s of sessions.splice(0)) s.dispose();
}

/**
 * A JS string literal for an 8-bit string that a REPL line can carry: everything outside printable ASCII
 * is escaped as \xHH (the REPL would take 0x7F as backspace, and \r or \n as Enter), as EspruinoTools do.
 */
export function jsString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += `\\${text[i]}`;
    else if (c >= 0x20 && c < 0x7f) out += text[i];
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/**
 * The classic chunked upload EspruinoTools sends (spec/espruino.md §2): `\x10require("Storage").write(name,
 * chunk, offset, total)` lines of at most 1024 characters, the first one creating the file at its full size.
 */
export function chunkedUploadLines(name: string, code: string, chunkSize = 1024): string[] {
  const lines: string[] = [];
  for (let offset = 0; offset < code.length; offset += chunkSize) {
    const chunk = jsString(code.slice(offset, offset + chunkSize));
    const args = offset === 0 ? `${chunk}, 0, ${code.length}` : `${chunk}, ${offset}`;
    lines.push(`\x10require("Storage").write(${JSON.stringify(name)}, ${args});`);
  }
  return lines;
}
