import type { Command } from 'commander';
import { positiveInteger } from '../usage';

const integer = positiveInteger;

/** `aliot monitor`: the board's console, secrets masked. */
export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description("show the board's console with secrets masked (DeviceSecret, ProductSecret, tokens: labelled values and 32+ char runs)")
    .option('-p, --port <device>', 'serial port of the board, e.g. /dev/ttyUSB0')
    .option('--virtual [name]', 'a virtual ESP32 (flash in ~/.aliot/virtual/<name>), powered on with the local cloud\'s host map')
    .option('--engine [path]', 'the real Espruino engine built for Linux as the board (default $ALIOT_ESPRUINO; flash in ~/.aliot/engine/<name>)')
    .option('--cloud-data <dir>', 'local cloud data dir whose cloud.json gives a virtual board its host map (default $ALIOT_CLOUD_DATA or ~/.aliot/cloud)')
    .option('--reset', 'reboot the board first')
    .option('--duration <ms>', 'stop after this long', integer)
    .option('--baud <rate>', 'baud rate', integer, 115200)
    .action(async (opts) => {
      const { runMonitor } = await import('../../board/monitor/run');
      await runMonitor(
        { port: opts.port, virtual: opts.virtual, engine: opts.engine, baudRate: opts.baud, durationMs: opts.duration, reset: opts.reset },
        { virtualOptions: opts.cloudData ? { cloudDataDir: opts.cloudData } : {} },
      );
    });
}
