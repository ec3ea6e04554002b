// Progress while flashing: one cli-progress bar per file on a terminal, a line per quarter otherwise (logs, CI).
import cliProgress from 'cli-progress';
import type { FlashProgressSink } from './flasher';

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): FlashProgressSink {
  if (!stream.isTTY) return lineProgress((line) => stream.write(`${line}\n`));
  let multi: InstanceType<typeof cliProgress.MultiBar> | undefined;
  let bars: ReturnType<InstanceType<typeof cliProgress.MultiBar>['create']>[] = [];
  return {
    start(files) {
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
    },
  };
}

/** One line when each file starts and at every quarter of it. */
export function lineProgress(write: (line: string) => void): FlashProgressSink {
  let names: string[] = [];
  const reported = new Map<number, number>();
  return {
    start(files) {
      names = files.map((f) => f.name);
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
