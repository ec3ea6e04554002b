import type { LogLevel, LogSink } from '../types';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Where log lines go: anything with write(text), e.g. process.stderr or a PassThrough in tests. */
export interface TextStream {
  write(text: string): unknown;
}

export interface StreamLogOptions {
  /** Lines below this level are dropped. Default 'info'. */
  level?: LogLevel;
  /** Prefix lines with an ISO timestamp. Default true. */
  timestamps?: boolean;
}

/** A log sink writing one text line per call to a stream. Never throws. */
export class StreamLog implements LogSink {
  private readonly min: number;
  private readonly timestamps: boolean;

  constructor(
    private readonly stream: TextStream,
    options: StreamLogOptions = {},
  ) {
    this.min = RANK[options.level ?? 'info'];
    this.timestamps = options.timestamps ?? true;
  }

  write(level: LogLevel, tag: string, message: string): void {
    if ((RANK[level] ?? RANK.error) < this.min) return;
    const stamp = this.timestamps ? `${new Date().toISOString()} ` : '';
    try {
      this.stream.write(`${stamp}${level.toUpperCase().padEnd(5)} [${tag}] ${message}\n`);
    } catch {
      // a broken log stream must not break the device
    }
  }
}
