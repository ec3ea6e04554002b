// The board's console as lines, from the raw serial text: split at \n, a trailing \r dropped, and a line that
// was redrawn over the prompt ('>' then '\r' then the text) read as what is left after its last \r. The REPL
// client's result lines (@@aliot:…) and the packet protocol's ACK/NAK bytes are tool traffic, not console.
import { RESULT_MARKER } from './repl-client';

export interface ConsoleLine {
  /** 0-based index in this splitter's output. */
  index: number;
  text: string;
  /** Date.now() when the line was complete. */
  at: number;
}

export class ConsoleLineSplitter {
  private partial = '';
  private count = 0;

  constructor(
    private readonly onLine: (line: ConsoleLine) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Feeds received text (latin1). */
  push(text: string): void {
    const pieces = (this.partial + text).split('\n');
    this.partial = pieces.pop() ?? '';
    for (const raw of pieces) this.emit(raw);
  }

  /** The text after the last complete line (e.g. the prompt). */
  pending(): string {
    return visible(this.partial);
  }

  /** Emits what is pending as a line (the stream ended). */
  flush(): void {
    if (this.partial !== '') this.emit(this.partial);
    this.partial = '';
  }

  private emit(raw: string): void {
    const text = visible(raw);
    if (text.includes(RESULT_MARKER)) return;
    this.onLine({ index: this.count++, text, at: this.now() });
  }
}

/**
 * What a terminal shows of one line: after the last carriage return, without ANSI escape sequences (Espruino
 * erases its prompt with "\r\x1b[J" before program output and moves the cursor with "\x1b[D"), ACK/NAK and
 * other control bytes.
 */
export function visible(raw: string): string {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const cr = line.lastIndexOf('\r');
  return (cr >= 0 ? line.slice(cr + 1) : line).replace(/\x1b\[[0-9;?]*[@-~]/g, '').replace(/[\x00-\x08\x0b-\x1f]/g, '');
}

/** Console lines kept in memory with a way to wait for one (the board-in-the-loop runner, tests). */
export class ConsoleLog {
  readonly lines: ConsoleLine[] = [];
  private readonly splitter = new ConsoleLineSplitter((line) => this.add(line));
  private listeners = new Set<(line: ConsoleLine) => void>();

  push(text: string): void {
    this.splitter.push(text);
  }

  /** Index of the next line: a `since` mark. */
  mark(): number {
    return this.lines.length;
  }

  onLine(listener: (line: ConsoleLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lines from a mark on. */
  from(mark: number): ConsoleLine[] {
    return this.lines.slice(mark);
  }

  /** The first line from `since` on that matches, or rejects after timeoutMs with the lines seen. */
  waitFor(match: RegExp | ((text: string) => boolean), timeoutMs: number, since = this.mark(), what?: string): Promise<ConsoleLine> {
    const test = typeof match === 'function' ? match : (text: string) => match.test(text);
    const found = this.lines.slice(since).find((line) => test(line.text));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const off = this.onLine((line) => {
        if (line.index < since || !test(line.text)) return;
        off();
        clearTimeout(timer);
        resolve(line);
      });
      const timer = setTimeout(() => {
        off();
        const seen = this.lines.slice(since).map((l) => `  ${l.text}`);
        reject(
          new Error(
            `no console line ${what ?? String(match)} within ${timeoutMs} ms` +
              (seen.length ? `; the board printed:\n${seen.slice(-25).join('\n')}` : '; the board printed nothing'),
          ),
        );
      }, timeoutMs);
    });
  }

  private add(line: ConsoleLine): void {
    this.lines.push(line);
    for (const listener of [...this.listeners]) listener(line);
  }
}
