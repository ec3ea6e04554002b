// The progress shown by `aliot flash` and `aliot upload`: cli-progress bars on a terminal, plain lines in a pipe.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lineProgress, terminalProgress, type ProgressStream } from '../../../scripts/cli/progress';

/** A stream that records what is written; `isTTY` decides whether it plays a terminal. */
function recordingStream(isTTY: boolean): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number; text: () => string };
  if (isTTY) {
    stream.isTTY = true;
    stream.columns = 100;
  }
  stream.text = () => chunks.join('');
  return stream;
}

function sendAll(sink: ReturnType<typeof terminalProgress>, name: string, total: number): void {
  sink.start([{ name, bytes: total }]);
  for (let sent = 0; sent <= total; sent += total / 8) sink.update(0, sent, total);
  sink.stop();
}

describe('terminalProgress', () => {
  it('draws a cli-progress bar with the file name and 100% on a terminal, and shows the cursor again at the end', () => {
    const stream = recordingStream(true);
    sendAll(terminalProgress(stream), 'image.js', 4096);
    const text = stream.text();
    expect(text).toContain('image.js');
    expect(text).toMatch(/\u2588+/); // the shades_classic bar's full blocks
    expect(text).toContain('100% 4096/4096 bytes sent');
    expect(text).toContain('\x1B[?25h');
  });

  it('writes only plain lines, one per quarter, with no cursor movement or bar when the stream is not a terminal', () => {
    const stream = recordingStream(false);
    sendAll(terminalProgress(stream), 'image.js', 4096);
    const text = stream.text();
    expect(text).not.toContain('\x1B');
    expect(text).not.toMatch(/\u2588|\u2591/);
    expect(text.trimEnd().split('\n')).toEqual([
      '  image.js: 0% (0/4096 bytes sent)',
      '  image.js: 25% (1024/4096 bytes sent)',
      '  image.js: 50% (2048/4096 bytes sent)',
      '  image.js: 75% (3072/4096 bytes sent)',
      '  image.js: 100% (4096/4096 bytes sent)',
    ]);
  });
});

describe('lineProgress', () => {
  it('reports the quarters again after a fresh start (a second transfer of the same file)', () => {
    const lines: string[] = [];
    const sink = lineProgress((line) => lines.push(line));
    sink.start([{ name: 'a', bytes: 10 }]);
    sink.update(0, 10, 10);
    sink.stop();
    sink.start([{ name: 'a', bytes: 10 }]);
    sink.update(0, 10, 10);
    expect(lines).toEqual(['  a: 100% (10/10 bytes sent)', '  a: 100% (10/10 bytes sent)']);
  });
});
