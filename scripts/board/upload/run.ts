// `aliot upload`: dist/<board>/image.js (or --image) onto a board as .bootcde, with progress and a summary.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { findBoard } from '../../../boards/index';
import { projectRoot } from '../../project-root';
import { openBoardPort, type BoardPort, type PortSelection, type VirtualPortOptions } from '../../serial/board-port';
import { ReplClient } from '../../serial/repl-client';
import { terminalProgress, type ProgressSink } from '../../cli/progress';
import { writeImageToEngine } from './engine';
import { uploadImage, type UploadEvent, type UploadProtocol, type UploadResult } from './upload';

export interface UploadCommandOptions extends PortSelection {
  board?: string;
  image?: string;
  protocol?: UploadProtocol;
  reboot?: boolean;
  force?: boolean;
}

/** The image file for a board: --image, else dist/<board>/image.js. */
export function imagePath(board: string, image?: string): string {
  if (image) return image;
  if (!findBoard(board)) throw new Error(`unknown board "${board}"`);
  return join(projectRoot, 'dist', board, 'image.js');
}

export function readImage(path: string): string {
  if (!existsSync(path)) throw new Error(`${relative(process.cwd(), path) || path} does not exist: build it first (npm run build)`);
  return readFileSync(path).toString('latin1');
}

/**
 * Upload events to the progress sink and the text stream: a bar runs while bytes are sent and is stopped before
 * the next message, so a fallback from packets to chunks shows as a second bar, not one that runs backwards.
 */
function eventPrinter(out: (text: string) => void, progress: ProgressSink, file: string): { onEvent: (event: UploadEvent) => void; stop: () => void } {
  let running = false;
  const stop = (): void => {
    if (running) progress.stop();
    running = false;
  };
  return {
    stop,
    onEvent(event) {
      if (event.type === 'progress') {
        if (!running) progress.start([{ name: file, bytes: event.total }]);
        running = true;
        progress.update(0, event.sent, event.total);
        return;
      }
      stop();
      out(event.type === 'warning' ? `  warning: ${event.message}\n` : `  ${event.message}\n`);
    },
  };
}

export async function runUpload(
  options: UploadCommandOptions,
  deps: { out?: (text: string) => void; progress?: ProgressSink; port?: BoardPort; virtualOptions?: VirtualPortOptions } = {},
): Promise<UploadResult> {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const path = imagePath(options.board ?? (options.engine ? 'espruino-linux' : 'esp32'), options.image);
  const image = readImage(path);
  const port = deps.port ?? (await openBoardPort(options, deps.virtualOptions));
  const repl = new ReplClient(port.duplex, { label: port.label });
  // Progress goes to stderr (a bar on a terminal, quarter lines otherwise); stdout keeps the messages and the summary.
  const printer = eventPrinter(out, deps.progress ?? terminalProgress(), basename(path));
  try {
    out(`Uploading ${relative(process.cwd(), path) || path} (${image.length} bytes) to ${port.label} as .bootcde\n`);
    if (port.engine) {
      const result = await writeImageToEngine(port.engine, repl, image, { reboot: options.reboot ?? true });
      out(`Done: written into the engine's flash from the host; ${result.digest.algorithm} ${result.digest.hash} verified on the board\n`);
      return result;
    }
    const result = await uploadImage(repl, image, {
      protocol: options.protocol ?? 'auto',
      reboot: options.reboot ?? true,
      force: options.force ?? false,
      onEvent: printer.onEvent,
    });
    printer.stop();
    const how = result.upToDate ? 'already up to date' : result.resumed ? 'finished an interrupted upload' : `sent by ${result.protocol === 'packets' ? 'packets' : 'Storage.write chunks'}`;
    out(`Done: ${how}; ${result.digest.algorithm} ${result.digest.hash} verified on the board in ${(result.durationMs / 1000).toFixed(1)} s` +
      `${options.reboot === false ? '' : '; rebooted'}\n`);
    return result;
  } finally {
    printer.stop();
    repl.detach();
    if (!deps.port) await port.close();
  }
}
