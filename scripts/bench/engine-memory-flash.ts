// Flash images for the engine-memory bench, written once over the REPL of a preparing engine and then copied for
// every engine measured (all 2v29 Linux builds share the Storage format of ./espruino.flash):
//   aliot:  the image as .bootcde, written from the host (as aliot upload --engine does), then the factory record and settings (aliot provision's code), so the engine that starts on a
//           copy boots it;
//   module: Espruino's MQTT module as Storage file "MQTT" and the client program as .bootcde, written from the host.
// The preparing engine is the stock Linux build when there is one (its JsVar pool grows, so long REPL lines cost
// nothing that matters), else one of the measured engines; it runs no boot code while it writes (there is none
// yet when it starts).
import { join } from 'node:path';
import type { DeviceNameFormat } from '../../hal/types';
import { EngineBoard, ENGINE_FLASH_FILE } from '../board/engine/index';
import { provisionBoard } from '../board/provision/provision';
import { BOOT_FILE } from '../board/upload/upload';
import { ReplClient } from '../serial/repl-client';
import { isEngineFault } from './engine-memory-board';

export interface AliotFlashRequest {
  productKey: string;
  productSecret: string;
  deviceNameFormat: DeviceNameFormat;
  /** aliot.config: the local cloud's address and ports. */
  settings: Record<string, unknown>;
  /** The image (latin1). */
  image: string;
}

export interface StorageFile {
  name: string;
  /** latin1 */
  text: string;
}

/** Tries per flash: the engine can fail on its REPL input (see inputFault in engine-memory-board.ts). */
export const PREPARE_ATTEMPTS = 3;

/**
 * Runs `work` on a preparing engine in a fresh directory `${dir}-<attempt>` and returns the path of the flash it
 * wrote. When the engine exits or fails an ASSERT meanwhile, the attempt is abandoned at once and made again.
 */
async function withPreparingEngine<T>(engine: string, dir: string, work: (repl: ReplClient) => Promise<T>, before?: (board: EngineBoard) => Promise<void>): Promise<{ flash: string; value: T }> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= PREPARE_ATTEMPTS; attempt++) {
    const storageDir = `${dir}-${attempt}`;
    const board = new EngineBoard({ engine, storageDir, restartOnExit: false });
    if (before) await before(board); // while it is off: the watch below takes an engine that is off for one that exited
    const repl = new ReplClient(board.serial, { label: `preparing engine (${storageDir})`, timeoutMs: 10000 });
    let seen = '';
    board.serial.on('data', (chunk: Buffer) => (seen = (seen + Buffer.from(chunk).toString('latin1')).slice(-4096)));
    let watch: NodeJS.Timeout | undefined;
    const failed = new Promise<never>((_, reject) => {
      watch = setInterval(() => {
        if (isEngineFault(seen)) reject(new Error(`the preparing engine failed an ASSERT: ${/ASSERT\([^\r\n]*/.exec(seen)?.[0]}`));
        else if (board.powerState === 'off') reject(new Error(`the preparing engine exited: ${JSON.stringify(seen.slice(-120))}`));
      }, 100);
    });
    failed.catch(() => undefined);
    try {
      await board.boot();
      const value = await Promise.race([work(repl), failed]);
      return { flash: join(storageDir, ENGINE_FLASH_FILE), value };
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    } finally {
      clearInterval(watch);
      repl.detach();
      await board.dispose();
    }
  }
  throw new Error(`could not prepare a flash in ${PREPARE_ATTEMPTS} attempts: ${failures.join(' / ')}`);
}

/** Provisions and uploads aliot into a fresh flash; resolves with the flash's path and the DeviceName the board derives. */
export async function prepareAliotFlash(engine: string, dir: string, request: AliotFlashRequest): Promise<{ flash: string; deviceName: string }> {
  const { flash, value } = await withPreparingEngine(
    engine,
    dir,
    async (repl) => {
      await repl.sync();
      await repl.sendLine('reset()'); // the image booted (and halted: no record yet); stop it
      await repl.sync();
      const outcome = await provisionBoard(repl, {
        productKey: request.productKey,
        productSecret: request.productSecret,
        defaultFormat: request.deviceNameFormat,
        eraseCredentials: true,
        settings: request.settings,
      });
      return outcome.deviceName;
    },
    // The image goes in from the host, as aliot upload --engine puts it; the record as aliot provision writes it.
    (board) => board.writeStorage({ [BOOT_FILE]: request.image }),
  );
  return { flash, deviceName: value };
}

/** Writes the files into a fresh flash from the host; resolves with its path. */
export async function prepareFilesFlash(engine: string, dir: string, files: StorageFile[]): Promise<string> {
  const board = new EngineBoard({ engine, storageDir: dir, restartOnExit: false });
  const contents: Record<string, string> = {};
  for (const file of files) contents[file.name] = file.text;
  await board.writeStorage(contents);
  return join(dir, ENGINE_FLASH_FILE);
}
