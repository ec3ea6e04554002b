import type { Command } from 'commander';
import { positiveInteger } from '../usage';

const integer = positiveInteger;

/** `aliot provision`: the factory certificate record into a board (or, in factory mode, one board after another). */
export function registerProvision(program: Command): void {
  program
    .command('provision')
    .description('write the factory certificate record (Storage "aliot.factory") over the REPL, read the board identity back, register the DeviceName')
    .option('-p, --port <device>', 'serial port of the board, e.g. /dev/ttyUSB0')
    .option('--virtual [name]', 'a virtual ESP32 (flash in ~/.aliot/virtual/<name>)')
    .option('--engine [path]', 'the real Espruino engine built for Linux as the board (default $ALIOT_ESPRUINO; flash in ~/.aliot/engine/<name>)')
    .requiredOption('--product-key <pk>', 'ProductKey')
    .option('--product-secret <ps>', "ProductSecret (one certificate per product); '-' reads it from stdin; default $ALIOT_PRODUCT_SECRET")
    .option('--device-name <dn>', 'DeviceName (default: derived on the board from its identity)')
    .option('--device-secret <ds>', "DeviceSecret (one certificate per device; needs --device-name); '-' reads stdin; default $ALIOT_DEVICE_SECRET")
    .option('--device-name-from <format>', 'derive the DeviceName from: mac (= mac-upper), mac-upper, mac-lower, mac-colon, serial')
    .option('-b, --board <name>', 'board descriptor (its default DeviceName format); default esp32, espruino-linux with --engine')
    .option('--cloud <url>', "the local cloud's admin API, e.g. http://127.0.0.1:8780: pre-register the DeviceName there")
    .option('--cloud-data <dir>', "that cloud's data dir, where its admin token is read (default $ALIOT_CLOUD_DATA or ~/.aliot/cloud)")
    .option('--csv <file>', "append the DeviceName to this CSV for the console's batch import")
    .option('--settings <json>', 'also write aliot.config, e.g. {"authHost":"192.168.1.10","authPort":8443,"mqttHost":"192.168.1.10","mqttPort":8883}')
    .option('--erase-credentials', 'erase stored credentials first (a board re-provisioned as another device)')
    .option('--reboot', 'reboot afterwards so the firmware starts with the record')
    .option('--factory', 'factory mode: plug in, provision, verify, next (Ctrl-C ends)')
    .option('--count <n>', 'factory mode: stop after n boards (virtual: default 3)', integer)
    .option('--baud <rate>', 'REPL baud rate', integer, 115200)
    .action(async (opts) => {
      const { runProvision } = await import('../../board/provision/run');
      const result = await runProvision({ ...opts, baudRate: opts.baud });
      if (Array.isArray(result) && result.some((r) => !r.ok)) process.exitCode = 1;
    });
}
