// `aliot flash`: read the release, show what goes where, flash with progress, and say what to do next.
import { basename } from 'node:path';
import { findBoard } from '../../boards/index';
import { NodeWebSerialPort } from '../serial/node-web-serial';
import type { WebSerialPortLike } from '../serial/web-serial';
import { loadFirmware } from './archive';
import { flashFirmware, DEFAULT_FLASH_BAUD, type FlashProgressSink, type FlashReport } from './flasher';
import { hex, layoutForBoard, parseOffsets } from './layout';
import { terminalProgress } from '../cli/progress';

export interface FlashCommandOptions {
  port: string;
  firmware: string;
  board?: string;
  chip?: string;
  offsets?: string;
  baud?: number;
  flashMode?: string;
  flashFreq?: string;
  flashSize?: string;
  eraseAll?: boolean;
  connectTimeoutMs?: number;
  verbose?: boolean;
}

export interface FlashCommandDeps {
  openPort?: (path: string) => WebSerialPortLike;
  out?: (text: string) => void;
  progress?: FlashProgressSink;
}

const MODES = ['keep', 'qio', 'qout', 'dio', 'dout'];
const FREQS = ['keep', '40m', '26m', '20m', '80m'];

export async function runFlash(options: FlashCommandOptions, deps: FlashCommandDeps = {}): Promise<FlashReport> {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const board = findBoard(options.board ?? 'esp32');
  if (!board) throw new Error(`unknown board "${options.board}"`);
  let layout = layoutForBoard(options.chip ? undefined : board, options.chip);
  if (options.offsets) layout = parseOffsets(options.offsets, layout);
  if (options.flashMode && !MODES.includes(options.flashMode)) throw new Error(`--flash-mode must be one of ${MODES.join(', ')}`);
  if (options.flashFreq && !FREQS.includes(options.flashFreq)) throw new Error(`--flash-freq must be one of ${FREQS.join(', ')}`);
  const files = await loadFirmware(options.firmware, layout);
  const width = Math.max(...files.map((f) => f.name.length));
  out(`Flashing ${basename(options.firmware)} to ${options.port} (${layout.chip})\n`);
  for (const f of files) out(`  ${f.name.padEnd(width)}  ${String(f.data.length).padStart(8)} bytes at ${hex(f.address)}\n`);
  const port = (deps.openPort ?? ((path: string) => new NodeWebSerialPort(path)))(options.port);
  const report = await flashFirmware({
    port,
    portLabel: options.port,
    files,
    expectChip: layout.chip,
    baudRate: options.baud ?? DEFAULT_FLASH_BAUD,
    connectTimeoutMs: options.connectTimeoutMs,
    flashMode: (options.flashMode ?? 'keep') as 'keep',
    flashFreq: (options.flashFreq ?? 'keep') as 'keep',
    flashSize: options.flashSize ?? 'keep',
    eraseAll: options.eraseAll ?? false,
    progress: deps.progress ?? terminalProgress(),
    log: options.verbose ? (line) => out(`  esptool: ${line}\n`) : undefined,
  });
  out(`Chip: ${report.description}\n`);
  out(`Verified: ${report.files.length} files, the MD5 the chip computed over its flash matches each file\n`);
  out(`Done in ${(report.durationMs / 1000).toFixed(1)} s; the board was reset into the new firmware.\n`);
  out(`Next: aliot upload --port ${options.port} --board ${board.name}\n`);
  return report;
}
