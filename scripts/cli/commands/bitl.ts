import type { Command } from 'commander';
import { positiveInteger } from '../usage';

const integer = positiveInteger;

/** `aliot bitl`: board-in-the-loop scenarios against a local cloud. */
export function registerBitl(program: Command): void {
  program
    .command('bitl')
    .description('board-in-the-loop: upload, provision, reboot and check the seed story on the console against a local cloud; JUnit XML for CI')
    .option('-p, --port <device>', 'a real board on this serial port (needs --cloud-host)')
    .option('--virtual', 'a virtual ESP32 (the default when no --port or --engine is given)')
    .option('--engine [path]', 'the real Espruino engine built for Linux as the board (default $ALIOT_ESPRUINO); the image is the espruino-linux-full one, tested through every way in')
    .option('--cloud-host <address>', "this machine's LAN address, which a real board can reach (the cloud then listens on all interfaces)")
    .option('-b, --board <name>', 'board whose image to test; default esp32, espruino-linux-full with --engine')
    .option('--image <file>', 'test this image instead of dist/<board>/image.js')
    .option('--junit <file>', 'write the results as JUnit XML')
    .option('--link-timeout <ms>', 'how long the firmware may take from boot to online', integer)
    .option('--baud <rate>', 'REPL baud rate', integer, 115200)
    .action(async (opts) => {
      const { runBitlCommand } = await import('../../board/bitl/run');
      const report = await runBitlCommand({ ...opts, baudRate: opts.baud, linkTimeoutMs: opts.linkTimeout });
      if (!report.passed) process.exitCode = 1;
    });
}
