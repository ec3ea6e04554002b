import type { Command } from 'commander';
import { positiveInteger } from '../usage';

const integer = positiveInteger;

/** `aliot upload`: the firmware image into the board's Storage as .bootcde. */
export function registerUpload(program: Command): void {
  program
    .command('upload')
    .description('push dist/<board>/image.js into Storage as .bootcde (staged in .bootcde.new, verified by hash, switched in one step), then reboot')
    .option('-p, --port <device>', 'serial port of the board, e.g. /dev/ttyUSB0')
    .option('--virtual [name]', 'a virtual ESP32 (flash in ~/.aliot/virtual/<name>, default "default")')
    .option('--engine [path]', 'the real Espruino engine built for Linux as the board (default $ALIOT_ESPRUINO; flash in ~/.aliot/engine/<name>)')
    .option('-b, --board <name>', 'board whose image to upload; default esp32, espruino-linux with --engine')
    .option('--image <file>', 'upload this file instead of dist/<board>/image.js')
    .option('--protocol <how>', 'auto (packets on 2v25+, chunks when refused), packets, classic', 'auto')
    .option('--baud <rate>', 'REPL baud rate', integer, 115200)
    .option('--force', 'send even when .bootcde already holds this image')
    .option('--no-reboot', 'leave the board stopped afterwards')
    .action(async (opts) => {
      // Loaded here, not at start-up: serialport and the virtual board.
      const { runUpload } = await import('../../board/upload/run');
      if (!['auto', 'packets', 'classic'].includes(opts.protocol)) throw new Error('--protocol must be auto, packets or classic');
      await runUpload({ ...opts, baudRate: opts.baud });
    });
}
