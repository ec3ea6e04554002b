// The board the demo tells its story on: the virtual ESP32 (the default), or the real Espruino engine built for
// Linux (`aliot start --engine`). Each installs the image and the product certificate in its Storage (the image
// written into its flash from the host; the engine's certificate over its REPL, as `aliot provision` does),
// powers on, reboots, and is wiped as by a reflash.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { EngineBoard } from '../board/engine';
import { provisionBoard } from '../board/provision/provision';
import { writeImageToEngine } from '../board/upload/engine';
import { createVirtualEsp32, type VirtualEsp32 } from '../board/virtual';
import type { RunningCloud } from '../cloud/index';
import { ReplClient } from '../serial/repl-client';
import { encodeFactoryRecord } from '../../src/provision/store/factory';

export interface ProductCertificate {
  productKey: string;
  productSecret: string;
}

export interface DemoBoard {
  /** For the narration: what the board is. */
  readonly label: string;
  /** The unit of the firmware's memory lines. */
  readonly memoryUnit: string;
  /** Writes the image and the product certificate into Storage; resolves with the DeviceName the board derives. */
  install(certificate: ProductCertificate): Promise<string>;
  /** Power on: the image runs from Storage. */
  boot(): Promise<void>;
  reboot(): Promise<void>;
  /** Everything in Storage erased, then the image and the certificate written again, as after a reflash. Left off. */
  wipe(certificate: ProductCertificate): Promise<void>;
  dispose(): Promise<void>;
  /** The virtual board, where it is one. */
  readonly virtual?: VirtualEsp32;
}

const MAC = '24:0a:c4:00:2f:90';
/** The virtual board's DeviceName: its MAC, upper-case, no separators (the esp32 descriptor's format). */
const VIRTUAL_DEVICE_NAME = '240AC4002F90';

export function virtualDemoBoard(dir: string, image: Buffer, cloud: RunningCloud, onLine: (line: string) => void): DemoBoard {
  const board = createVirtualEsp32({ storageDir: dir, mac: MAC, hostMap: cloud.hostMap, onLine });
  const install = async (certificate: ProductCertificate): Promise<string> => {
    const record = encodeFactoryRecord(certificate);
    if (!record.ok) throw new Error(record.message);
    board.storage.write('aliot.factory', Buffer.from(record.value, 'latin1'));
    board.storage.write('.bootcde', image);
    return VIRTUAL_DEVICE_NAME;
  };
  return {
    label: `the virtual ESP32 (MAC ${MAC}; its DeviceName is the MAC, upper-case, no separators)`,
    memoryUnit: 'QuickJS bytes incl. the compiled image',
    virtual: board,
    install,
    boot: () => board.boot(),
    reboot: () => board.reboot(),
    async wipe(certificate) {
      board.powerOff();
      for (const name of board.storage.list()) board.storage.erase(name);
      await install(certificate);
    },
    async dispose() {
      board.dispose();
    },
  };
}

export function engineDemoBoard(engine: string, dir: string, image: Buffer, cloud: RunningCloud, onLine: (line: string) => void): DemoBoard {
  mkdirSync(dir, { recursive: true });
  const board = new EngineBoard({ engine, storageDir: dir, onLine });
  const repl = new ReplClient(board.serial, { label: `the Espruino engine ${path.basename(engine)}`, timeoutMs: 10_000 });
  // Without a host map the engine reaches the cloud by address; /auth/devicename answers one it can reach too.
  const settings = { authHost: '127.0.0.1', authPort: cloud.httpsPort, mqttHost: '127.0.0.1', mqttPort: cloud.mqttTlsPort };
  const install = async (certificate: ProductCertificate): Promise<string> => {
    await writeImageToEngine(board, repl, image.toString('latin1'), { reboot: false });
    const outcome = await provisionBoard(repl, { ...certificate, defaultFormat: 'serial', eraseCredentials: true, settings });
    await board.powerCut();
    return outcome.deviceName;
  };
  return {
    label: `the real Espruino engine ${engine} (flash ${path.join(dir, 'espruino.flash')}; its DeviceName comes from getSerial())`,
    memoryUnit: 'JsVars',
    install,
    boot: () => board.boot(),
    reboot: () => board.reboot(),
    async wipe(certificate) {
      if (board.powerState === 'off') await board.boot();
      await repl.sendLine('reset()');
      await repl.sync();
      await repl.call('require("Storage").eraseAll()');
      await install(certificate);
    },
    async dispose() {
      repl.detach();
      await board.dispose();
    },
  };
}
