// `aliot upload`: dist/<board>/image.js (or --image) onto a board as .bootcde, with progress and a summary.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findBoard } from '../../../boards/index';
import { projectRoot } from '../../project-root';
import { openBoardPort, type BoardPort, type PortSelection, type VirtualPortOptions } from '../../serial/board-port';
import { ReplClient } from '../../serial/repl-client';
import { writeImageToEngine } from './engine';
import { uploadImage, type UploadProtocol, type UploadResult } from './upload';

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

function bar(sent: number, total: number): string {
  const width = 30;
  const done = total > 0 ? Math.round((sent / total) * width) : width;
  return `[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.floor((100 * sent) / Math.max(1, total))}% ${sent}/${total} bytes`;
}

export async function runUpload(
  options: UploadCommandOptions,
  deps: { out?: (text: string) => void; port?: BoardPort; virtualOptions?: VirtualPortOptions } = {},
): Promise<UploadResult> {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const path = imagePath(options.board ?? (options.engine ? 'espruino-linux' : 'esp32'), options.image);
  const image = readImage(path);
  const port = deps.port ?? (await openBoardPort(options, deps.virtualOptions));
  const repl = new ReplClient(port.duplex, { label: port.label });
  const tty = process.stdout.isTTY && deps.out === undefined;
  let lastQuarter = -1;
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
      onEvent: (event) => {
        if (event.type === 'info') out(`  ${event.message}\n`);
        else if (event.type === 'warning') out(`  warning: ${event.message}\n`);
        else if (tty) out(`\r  ${bar(event.sent, event.total)}${event.sent >= event.total ? '\n' : ''}`);
        else {
          const quarter = Math.floor((event.sent / Math.max(1, event.total)) * 4);
          if (quarter > lastQuarter) {
            lastQuarter = quarter;
            out(`  ${bar(event.sent, event.total)}\n`);
          }
        }
      },
    });
    const how = result.upToDate ? 'already up to date' : result.resumed ? 'finished an interrupted upload' : `sent by ${result.protocol === 'packets' ? 'packets' : 'Storage.write chunks'}`;
    out(`Done: ${how}; ${result.digest.algorithm} ${result.digest.hash} verified on the board in ${(result.durationMs / 1000).toFixed(1)} s` +
      `${options.reboot === false ? '' : '; rebooted'}\n`);
    return result;
  } finally {
    repl.detach();
    if (!deps.port) await port.close();
  }
}
