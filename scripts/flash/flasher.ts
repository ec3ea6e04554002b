// `aliot flash`: esptool-js (the real protocol implementation, spec/toolchain.md §6) over a Web-Serial-shaped
// port: connect and identify the chip, upload the flasher stub, write each file compressed and verify it by the
// MD5 the chip computes over its flash, then reset into the new firmware.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebSerialPortLike } from '../serial/web-serial';
import type { ProgressSink } from '../cli/progress';
import type { FirmwareFile } from './archive';
import { classifyFlashFailure, FlashError, type FailureContext } from './errors';

/** Espruino's own flashing command uses 921600 baud (spec/espruino.md §2). */
export const DEFAULT_FLASH_BAUD = 921600;
/** The ROM bootloader talks at 115200 until told otherwise. */
export const ROM_BAUD = 115200;

/** Progress of the files being written; update() counts compressed bytes when compressing. */
export type FlashProgressSink = ProgressSink;

export interface FlashJob {
  port: WebSerialPortLike;
  /** For messages: "/dev/ttyUSB0". */
  portLabel: string;
  files: FirmwareFile[];
  /** The chip the firmware is for (esptool-js CHIP_NAME), e.g. 'ESP32'. */
  expectChip: string;
  /** Baud rate for writing (the stub switches to it). Default 921600. */
  baudRate?: number;
  /** How long finding and identifying the chip may take, ms. Default 20000. */
  connectTimeoutMs?: number;
  flashMode?: 'keep' | 'qio' | 'qout' | 'dio' | 'dout';
  flashFreq?: 'keep' | '40m' | '26m' | '20m' | '80m';
  flashSize?: string;
  eraseAll?: boolean;
  progress?: FlashProgressSink;
  /** esptool-js's own messages, one line each. */
  log?: (line: string) => void;
}

export interface FlashReport {
  chip: string;
  description: string;
  files: { name: string; address: number; bytes: number; md5: string }[];
  durationMs: number;
}

function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/** Rejects with `onTimeout()`'s error when `promise` takes longer than ms (and lets `abort` stop the work). */
async function within<T>(promise: Promise<T>, ms: number, abort: () => Promise<void>, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined); // a rejection after the timeout won has nobody left to hear it
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void abort().finally(() => reject(onTimeout()));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Pulses EN with IO0 released, so the chip boots the firmware just written. */
async function resetIntoApp(port: WebSerialPortLike): Promise<void> {
  await port.setSignals({ dataTerminalReady: false, requestToSend: true });
  await sleep(100);
  await port.setSignals({ dataTerminalReady: false, requestToSend: false });
}

export async function flashFirmware(job: FlashJob): Promise<FlashReport> {
  const started = Date.now();
  const { ESPLoader, Transport } = await import('esptool-js');
  const log = job.log ?? (() => undefined);
  const context: FailureContext = { stage: 'connect', portLabel: job.portLabel };
  let partial = '';
  const terminal = {
    clean: () => undefined,
    write: (text: string) => {
      partial += text;
    },
    writeLine: (text: string) => {
      const line = (partial + text).replace(/[\r\n]+/g, ' ').trim();
      partial = '';
      const file = /^File\s+md5:\s*([0-9a-f]+)/i.exec(line);
      const flash = /^Flash md5:\s*([0-9a-f]+)/i.exec(line);
      if (file) context.fileMd5 = file[1];
      if (flash) context.flashMd5 = flash[1];
      if (line) log(line);
    },
  };
  const transport = new Transport(job.port as unknown as ConstructorParameters<typeof Transport>[0], false);
  // Transport writes some trace lines with console.log even when tracing is off; they belong in the log.
  (transport as unknown as { trace: (message: string) => void }).trace = (message) => log(`trace: ${message}`);
  const loader = new ESPLoader({ transport, baudrate: job.baudRate ?? DEFAULT_FLASH_BAUD, romBaudrate: ROM_BAUD, terminal });
  const closePort = async () => {
    await job.port.close().catch(() => undefined);
  };
  const connectMs = job.connectTimeoutMs ?? 20000;
  try {
    let description: string;
    try {
      description = await within(loader.main('default_reset'), connectMs, closePort, () =>
        new FlashError(
          'NO_ANSWER',
          `no answer from the chip on ${job.portLabel} within ${Math.round(connectMs / 100) / 10} s: put it in download mode ` +
            '(hold BOOT/IO0, press and release EN/RESET, release BOOT) and check the cable and port',
        ),
      );
    } catch (error) {
      throw classifyFlashFailure(error, context);
    }
    const chip = loader.chip.CHIP_NAME;
    context.stage = 'identify';
    if (chip !== job.expectChip) {
      throw new FlashError(
        'WRONG_CHIP',
        `wrong chip on ${job.portLabel}: found ${chip} (${description}), but this firmware is for ${job.expectChip}: ` +
          'pick the release for this chip (or the right --chip / --board), nothing was written',
      );
    }
    context.stage = 'write';
    const files = job.files.map((f) => ({ name: f.name, address: f.address, bytes: f.data.length, md5: md5Hex(f.data) }));
    job.progress?.start(files.map((f) => ({ name: f.name, bytes: f.bytes })));
    try {
      await loader.writeFlash({
        fileArray: job.files.map((f) => ({ data: f.data, address: f.address })),
        flashMode: job.flashMode ?? 'keep',
        flashFreq: job.flashFreq ?? 'keep',
        flashSize: (job.flashSize ?? 'keep') as 'keep',
        eraseAll: job.eraseAll ?? false,
        compress: true,
        reportProgress: (index, sent, total) => {
          const file = job.files[index];
          if (file && context.file?.address !== file.address) {
            context.file = { name: file.name, address: file.address };
            context.fileMd5 = undefined;
            context.flashMd5 = undefined;
          }
          job.progress?.update(index, sent, total);
        },
        calculateMD5Hash: (image: Uint8Array) => md5Hex(image),
      });
    } catch (error) {
      throw classifyFlashFailure(error, context);
    } finally {
      job.progress?.stop();
    }
    context.stage = 'reset';
    context.file = undefined;
    try {
      await loader.after('hard_reset');
      await resetIntoApp(job.port);
    } catch (error) {
      throw classifyFlashFailure(error, context);
    }
    return { chip, description, files, durationMs: Date.now() - started };
  } finally {
    await closePort();
  }
}
