// The same seed story on a real ESP32 running Espruino, when one is attached: BOARD_PORT=/dev/ttyUSB0 and
// BITL_CLOUD_HOST=<this machine's LAN address, reachable from the board's Wi-Fi>. The board must already be
// flashed (aliot flash) and on Wi-Fi (require("Wifi").connect(…) then .save()).
import { describe, expect, it } from 'vitest';
import { runBitl } from '../../../scripts/board/bitl/runner';
import { esp32 } from '../../../boards/index';
import { esp32Image } from './image';

const port = process.env.BOARD_PORT;
const cloudHost = process.env.BITL_CLOUD_HOST;
const why = !port
  ? 'skipped: BOARD_PORT is not set (no real board attached)'
  : !cloudHost
    ? 'skipped: BITL_CLOUD_HOST is not set (the board needs this machine\'s LAN address)'
    : `on ${port}, cloud at ${cloudHost}`;

describe('aliot bitl on a real ESP32', () => {
  it.skipIf(!port || !cloudHost)(`seed story — ${why}`, async () => {
    const report = await runBitl({
      target: { kind: 'serial', path: port! },
      image: await esp32Image(),
      deviceNameFormat: esp32.identity.deviceNameFormat,
      cloudHost: cloudHost!,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    expect(report.scenarios[0]!.phases.filter((p) => p.status !== 'passed')).toEqual([]);
  }, 15 * 60_000);
});
