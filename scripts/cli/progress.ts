// Progress of bytes sent, shared by `aliot flash` and `aliot upload`: one cli-progress bar per file when the stream
// is a terminal, a plain line per quarter otherwise (logs, CI), so a pipe never receives cursor movements.
import cliProgress from 'cli-progress';

export interface ProgressSink {
  /** Called with every file before the first update; a later call starts a fresh set of bars. */
  start(files: { name: string; bytes: number }[]): void;
  /** Bytes sent of one file. */
  update(fileIndex: number, sent: number, total: number): void;
  stop(): void;
}

/** What the bars need of a stream: process.stderr, or a test's stand-in. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export function terminalProgress(stream: ProgressStream = process.stderr): ProgressSink {
  if (stream.isTTY !== true) return lineProgress((line) => stream.write(`${line}\n`));
  let multi: InstanceType<typeof cliProgress.MultiBar> | undefined;
  let bars: ReturnType<InstanceType<typeof cliProgress.MultiBar>['create']>[] = [];
  return {
    start(files) {
      multi?.stop();
      multi = new cliProgress.MultiBar(
        { format: ' {file} |{bar}| {percentage}% {value}/{total} bytes sent', stream, hideCursor: true, autopadding: true },
        cliProgress.Presets.shades_classic,
      );
      const width = Math.max(...files.map((f) => f.name.length));
      bars = files.map((f) => multi!.create(f.bytes, 0, { file: f.name.padEnd(width) }));
    },
    update(index, sent, total) {
      const bar = bars[index];
      if (!bar) return;
      bar.setTotal(total);
      bar.update(sent);
    },
    stop() {
      multi?.stop();
      multi = undefined;
      bars = [];
    },
  };
}

/** One line when each file starts and at every quarter of it. */
export function lineProgress(write: (line: string) => void): ProgressSink {
  let names: string[] = [];
  const reported = new Map<number, number>();
  return {
    start(files) {
      names = files.map((f) => f.name);
      reported.clear();
    },
    update(index, sent, total) {
      const quarter = total > 0 ? Math.floor((sent / total) * 4) : 4;
      if ((reported.get(index) ?? -1) >= quarter) return;
      reported.set(index, quarter);
      write(`  ${names[index] ?? `file ${index + 1}`}: ${quarter * 25}% (${sent}/${total} bytes sent)`);
    },
    stop() {
      // nothing to clean up
    },
  };
}
