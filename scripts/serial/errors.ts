// Errors a person can act on, for everything that talks to a board over a serial port: the port is missing,
// busy or not permitted, the board does not answer, or it answered with an error. Each message names the remedy.

export type SerialErrorCode =
  /** No such device: the board is not plugged in, or the path is wrong. */
  | 'PORT_MISSING'
  /** Another program holds the port (or its lock). */
  | 'PORT_BUSY'
  /** The user may not open the device. */
  | 'PORT_PERMISSION'
  /** Opening failed for another reason. */
  | 'PORT_OPEN_FAILED'
  /** The port closed (cable pulled, board gone) while we were talking. */
  | 'PORT_CLOSED'
  /** The board did not answer in time. */
  | 'NO_ANSWER'
  /** The board ran our command and reported an error. */
  | 'BOARD_ERROR';

export class SerialError extends Error {
  constructor(
    readonly code: SerialErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SerialError';
  }
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The SerialError for a failed open of `path`. The `serialport` package reports errno names in `code` on some
 * platforms and only in the text on others ("Error: No such file or directory, cannot open /dev/x", "Error
 * Resource temporarily unavailable Cannot lock port"), so both are read.
 */
export function describeOpenError(path: string, error: unknown): SerialError {
  if (error instanceof SerialError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const errno = errnoOf(error);
  if (errno === 'ENOENT' || /no such file|cannot find|not found|file not found/i.test(text)) {
    return new SerialError(
      'PORT_MISSING',
      `serial port ${path} does not exist: plug the board in (a data cable, not a charge-only one) and check the path ` +
        '(Linux: ls /dev/ttyUSB* /dev/ttyACM*; macOS: ls /dev/cu.*)',
    );
  }
  if (errno === 'EBUSY' || errno === 'EAGAIN' || /lock|busy|resource temporarily unavailable|access is denied/i.test(text)) {
    return new SerialError(
      'PORT_BUSY',
      `serial port ${path} is busy: another program holds it (a serial monitor, the Espruino IDE, another aliot): close it and try again`,
    );
  }
  if (errno === 'EACCES' || errno === 'EPERM' || /permission denied|not permitted/i.test(text)) {
    return new SerialError(
      'PORT_PERMISSION',
      `no permission to open ${path}: add your user to the group that owns it (Debian/Ubuntu: sudo usermod -aG dialout $USER, then log in again)`,
    );
  }
  return new SerialError('PORT_OPEN_FAILED', `cannot open serial port ${path}: ${text}`);
}
