import type { Command } from 'commander';
import { positiveInteger } from '../usage';

const integer = positiveInteger;

/** `aliot flash`: Espruino's firmware onto an ESP32 through esptool-js. */
export function registerFlash(program: Command): void {
  program
    .command('flash')
    .description('write Espruino (bootloader 0x1000, partitions 0x8000, app 0x10000) to an ESP32 with esptool-js, verify by MD5, reset')
    .requiredOption('-p, --port <device>', 'serial port of the board, e.g. /dev/ttyUSB0')
    .requiredOption('-f, --firmware <file|folder>', "Espruino's espruino_2vXX_esp32.tgz, or the folder it unpacks to")
    .option('-b, --board <name>', 'board descriptor (its flash layout, if it has one)', 'esp32')
    .option('--chip <chip>', 'use the layout for this chip instead: esp32, esp32c3, esp32s3')
    .option('--offsets <list>', 'override addresses: bootloader=0x1000,partitions=0x8000,app=0x10000')
    .option('--baud <rate>', 'baud rate for writing (the ROM starts at 115200)', integer, 921600)
    .option('--flash-mode <mode>', 'keep, qio, qout, dio, dout', 'keep')
    .option('--flash-freq <freq>', 'keep, 40m, 26m, 20m, 80m', 'keep')
    .option('--flash-size <size>', 'keep, detect, 4MB, …', 'keep')
    .option('--erase-all', 'erase the whole flash first (Storage too: saved code and credentials are lost)')
    .option('--connect-timeout <ms>', 'how long to look for the chip', integer, 20000)
    .option('-v, --verbose', "show esptool-js's messages")
    .action(async (opts) => {
      // Loaded here, not at start-up: esptool-js and serialport.
      const { runFlash } = await import('../../flash/run');
      await runFlash({ ...opts, connectTimeoutMs: opts.connectTimeout });
    });
}
