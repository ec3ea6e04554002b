import type { LogLevel, LogSink } from '../types';

export interface LogLine {
  level: LogLevel;
  tag: string;
  message: string;
  /** clock.now() when it was written. */
  at: number;
}

/** A log sink that keeps every line for the test to read. */
export class RecordingLog implements LogSink {
  readonly lines: LogLine[] = [];
  /** Keep at most this many lines (the oldest go first); for long runs. Default: all. */
  limit = Infinity;

  constructor(private readonly now: () => number = () => 0) {}

  write(level: LogLevel, tag: string, message: string): void {
    this.lines.push({ level, tag, message, at: this.now() });
    if (this.lines.length > this.limit) this.lines.shift();
  }

  /** All lines as text, one per line: "level tag: message". */
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.tag}: ${l.message}`).join('\n');
  }

  clear(): void {
    this.lines.length = 0;
  }
}
