// Why flashing failed, as a person reads it: which step, and what to do about it.
import type { SerialErrorCode } from '../serial/errors';
import { SerialError } from '../serial/errors';

export type FlashErrorCode =
  | SerialErrorCode
  /** The chip is not the one the firmware is for, or not an Espressif chip esptool-js knows. */
  | 'WRONG_CHIP'
  /** The MD5 the chip computed over the written flash differs from the file's. */
  | 'VERIFY_FAILED'
  /** The chip stopped answering in the middle of an operation. */
  | 'TIMEOUT'
  /** Anything else esptool-js reported. */
  | 'FLASH_FAILED';

export class FlashError extends Error {
  constructor(
    readonly code: FlashErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FlashError';
  }
}

export type FlashStage = 'connect' | 'identify' | 'write' | 'reset';

export interface FailureContext {
  stage: FlashStage;
  portLabel: string;
  /** The file being written when it failed. */
  file?: { name: string; address: number };
  /** The MD5s esptool-js printed for that file. */
  fileMd5?: string;
  flashMd5?: string;
}

const NO_ANSWER_REMEDY =
  'put it in download mode (hold BOOT/IO0, press and release EN/RESET, release BOOT), check that the cable carries data ' +
  'and that this is the board\'s port, and try a lower --baud';

/** Turns what esptool-js (or the port) threw into a FlashError. */
export function classifyFlashFailure(error: unknown, context: FailureContext): FlashError {
  if (error instanceof FlashError) return error;
  if (error instanceof SerialError) return new FlashError(error.code, error.message);
  const name = (error as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const where = context.file ? `${context.file.name} at 0x${context.file.address.toString(16)}` : context.stage;
  if (/Failed to connect with the device/i.test(message)) {
    return new FlashError('NO_ANSWER', `no answer from the chip on ${context.portLabel}: ${NO_ANSWER_REMEDY}`);
  }
  if (name === 'UnexpectedChipMagicError' || name === 'UnexpectedChipIdError' || /unexpected chip (magic|id)/i.test(message)) {
    return new FlashError('WRONG_CHIP', `the chip on ${context.portLabel} is not one esptool-js knows (${message}): is this an ESP32 board?`);
  }
  if (/MD5 of file does not match/i.test(message)) {
    const md5 = context.fileMd5 && context.flashMd5 ? ` (file MD5 ${context.fileMd5}, flash MD5 ${context.flashMd5})` : '';
    return new FlashError(
      'VERIFY_FAILED',
      `verification failed for ${where}: the flash holds other data than was written${md5}. Flash again, at a lower --baud; ` +
        'if it fails again the flash chip or the power supply is at fault',
    );
  }
  if (/No serial data received|Serial data stream stopped|invalid response|timed? ?out/i.test(message)) {
    return new FlashError('TIMEOUT', `the chip stopped answering during ${where} (${message}): check the cable and power, then try a lower --baud`);
  }
  return new FlashError('FLASH_FAILED', `flashing failed during ${where}: ${message}`);
}
