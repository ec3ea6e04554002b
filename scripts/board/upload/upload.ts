// `aliot upload`: the firmware image into the board's Storage as .bootcde, so that a cut at any moment — cable
// pulled, power lost, tool killed — leaves the board booting either the previous image or the new one, whole.
//
//  1. stop the running program (reset(): a soft reset that does not run .bootcde) and get the REPL's attention;
//  2. write the image to a temporary file, .bootcde.new — by packets (2v25+; spec/espruino.md §2) or, when the
//     board refuses them, by the classic Storage.write(name, chunk, offset[, total]) lines of 1024 characters;
//     .bootcde is not touched, so a cut here leaves the previous image in place;
//  3. verify .bootcde.new by the hash the board computes over it (SHA-256, else CRC-32) against the host's;
//  4. switch in ONE REPL line: Storage.write(".bootcde", Storage.read(".bootcde.new")). The board runs a line
//     only once it has all of it, so a cut while the line travels changes nothing; once it runs, .bootcde is
//     the new image;
//  5. verify .bootcde by hash, erase .bootcde.new, and reboot (E.reboot()).
// A later run picks up where a cut left off: an identical .bootcde is left alone, and a verified .bootcde.new is
// switched in without sending it again.
// Residual risk on real hardware: step 4 is one Storage.write that copies the file flash-to-flash, which takes as
// long as writing the image to flash; Espruino drops the old .bootcde before it writes the new one, so power lost
// inside that call can leave no (or a cut) .bootcde — but always a verified .bootcde.new, which the next
// `aliot upload` switches in without sending the image again. (Not measured on hardware.)
import type { ReplClient } from '../../serial/repl-client';
import { SerialError } from '../../serial/errors';
import { jsStringLiteral } from '../../serial/js-literal';
import { hasPacketProtocol, readBoardInfo, type BoardInfo } from './board-info';
import { boardDigest, chooseDigest, hostDigest, sameDigest, type DigestAlgorithm, type FileDigest } from './digest';
import { sendFileByPackets } from './packets';

export const BOOT_FILE = '.bootcde';
export const STAGING_FILE = '.bootcde.new';
/** Characters of image per classic Storage.write line (EspruinoTools' chunk size). */
export const CHUNK_CHARS = 1024;

export type UploadErrorCode = 'EMPTY_IMAGE' | 'NOT_8_BIT' | 'NO_SPACE' | 'WRITE_REFUSED' | 'VERIFY_FAILED' | 'SWITCH_FAILED' | 'INTERRUPTED';

export class UploadError extends Error {
  constructor(
    readonly code: UploadErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

export type UploadProtocol = 'auto' | 'packets' | 'classic';

export interface UploadOptions {
  /** 'auto' (default): packets when the firmware has them (2v25+), classic chunks when it refuses. */
  protocol?: UploadProtocol;
  /** Stop the running program with reset() first (default true). */
  stopFirst?: boolean;
  /** E.reboot() afterwards so the new image runs (default true). */
  reboot?: boolean;
  /** Send even when .bootcde already holds this image. */
  force?: boolean;
  /** Per-command timeout, ms (default: the REPL client's). */
  timeoutMs?: number;
  /** Timeout for the switch and for hashing big files, ms (default 30000). */
  slowTimeoutMs?: number;
  /** Where the upload is. */
  onEvent?: (event: UploadEvent) => void;
}

export type UploadEvent =
  | { type: 'info'; message: string }
  | { type: 'progress'; sent: number; total: number }
  | { type: 'warning'; message: string };

export interface UploadResult {
  bytes: number;
  /** How the bytes went; 'none' when nothing had to be sent. */
  protocol: 'packets' | 'classic' | 'none';
  digest: FileDigest & { algorithm: DigestAlgorithm };
  /** .bootcde already held this image. */
  upToDate: boolean;
  /** A verified .bootcde.new from an earlier, interrupted run was switched in. */
  resumed: boolean;
  info: BoardInfo;
  durationMs: number;
}

function interrupted(step: string, error: unknown): UploadError {
  const why = error instanceof Error ? error.message : String(error);
  return new UploadError(
    'INTERRUPTED',
    `upload stopped while ${step}: ${why}. The board still holds a complete image in ${BOOT_FILE} (the previous one, unless ` +
      'the switch already happened); run aliot upload again to finish',
    error,
  );
}

/** Runs one step; a lost connection becomes an INTERRUPTED error that says where it stopped. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UploadError) throw error;
    if (error instanceof SerialError && (error.code === 'NO_ANSWER' || error.code === 'PORT_CLOSED')) throw interrupted(what, error);
    throw error;
  }
}

async function writeClassic(repl: ReplClient, file: string, image: string, timeoutMs: number | undefined, onEvent: UploadOptions['onEvent']): Promise<void> {
  const chunks = Math.ceil(image.length / CHUNK_CHARS);
  for (let i = 0; i < chunks; i++) {
    const offset = i * CHUNK_CHARS;
    const chunk = jsStringLiteral(image.slice(offset, offset + CHUNK_CHARS));
    const args = offset === 0 ? `${chunk},0,${image.length}` : `${chunk},${offset}`;
    const ok = await step(`sending chunk ${i + 1}/${chunks} of ${file}`, () =>
      repl.call<boolean>(`require("Storage").write(${JSON.stringify(file)},${args})`, timeoutMs === undefined ? {} : { timeoutMs }),
    );
    if (ok !== true) {
      throw new UploadError('WRITE_REFUSED', `the board refused chunk ${i + 1}/${chunks} of ${file} (Storage.write returned ${String(ok)}): is Storage full?`);
    }
    onEvent?.({ type: 'progress', sent: Math.min(image.length, offset + CHUNK_CHARS), total: image.length });
  }
}

/**
 * Room for the staged upload, or else for writing .bootcde in place: where Storage cannot hold the image twice
 * (Espruino's Linux build has 256 KB), the old .bootcde is erased and the image written straight into it, with a
 * warning that a cut during the upload leaves no image until the next upload.
 */
async function ensureSpace(repl: ReplClient, info: BoardInfo, bytes: number, onEvent: UploadOptions['onEvent']): Promise<'staged' | 'in-place'> {
  // The staging file and the new .bootcde exist side by side for a moment (file headers are 32 bytes).
  const needed = 2 * (bytes + 64);
  if (info.storageFree >= needed) return 'staged';
  onEvent?.({ type: 'info', message: `Storage has ${info.storageFree} bytes free, ${needed} are needed: compacting` });
  const free = await step('compacting Storage', () => repl.call<number>('(function(S){S.compact();return S.getFree()})(require("Storage"))', { timeoutMs: 60000 }));
  if (free >= needed) return 'staged';
  const freeWithoutImages = await step('erasing the old image to make room', () =>
    repl.call<number>(
      `(function(S){S.erase(${JSON.stringify(STAGING_FILE)});S.erase(${JSON.stringify(BOOT_FILE)});S.compact();return S.getFree()})(require("Storage"))`,
      { timeoutMs: 60000 },
    ),
  );
  if (freeWithoutImages < bytes + 64) {
    throw new UploadError('NO_SPACE', `Storage has ${freeWithoutImages} bytes free without the old image; the image needs ${bytes + 64}: erase unused files`);
  }
  onEvent?.({
    type: 'warning',
    message: `Storage cannot hold the image twice (${free} bytes free, ${needed} needed to stage it): writing ${BOOT_FILE} in place; a cut before the upload ends leaves no image until the next upload`,
  });
  return 'in-place';
}

/** Uploads `image` (a latin1 string: one char per byte) as .bootcde. */
export async function uploadImage(repl: ReplClient, image: string, options: UploadOptions = {}): Promise<UploadResult> {
  const started = Date.now();
  const onEvent = options.onEvent;
  const slow = { timeoutMs: options.slowTimeoutMs ?? 30000 };
  if (image.length === 0) throw new UploadError('EMPTY_IMAGE', 'the image is empty: build it first (npm run build)');
  if (/[^\x00-\xff]/.test(image)) throw new UploadError('NOT_8_BIT', 'the image holds characters above 0xFF: Espruino Storage holds bytes (latin1)');

  await step('connecting', () => repl.sync());
  if (options.stopFirst ?? true) {
    await step('stopping the running program', async () => {
      await repl.sendLine('reset()');
      await repl.sync();
    });
  }
  const info = await step('reading the board', () => readBoardInfo(repl));
  const algorithm = chooseDigest(info);
  const expected = hostDigest(image, algorithm);
  const digest = { ...expected, algorithm };
  onEvent?.({ type: 'info', message: `board: Espruino ${info.version ?? '(version unknown)'} ${info.board ?? ''}; verifying by ${algorithm}`.trim() });
  if (algorithm === 'crc32-js') onEvent?.({ type: 'warning', message: 'the board has no native hash: verifying by a JavaScript CRC-32, which is slow on hardware' });
  const finish = async (result: Omit<UploadResult, 'durationMs' | 'info' | 'digest' | 'bytes'>): Promise<UploadResult> => {
    if (info.bootrst) {
      onEvent?.({ type: 'warning', message: 'Storage holds .bootrst, which runs INSTEAD of .bootcde at boot: erase it (require("Storage").erase(".bootrst")) to run this image' });
    }
    if (options.reboot ?? true) await step('rebooting', () => repl.sendLine('E.reboot()'));
    return { ...result, bytes: image.length, digest, info, durationMs: Date.now() - started };
  };

  if (!options.force && sameDigest(await step('checking .bootcde', () => boardDigest(repl, BOOT_FILE, algorithm, slow.timeoutMs)), expected)) {
    onEvent?.({ type: 'info', message: `${BOOT_FILE} already holds this image: nothing to send` });
    return finish({ protocol: 'none', upToDate: true, resumed: false });
  }

  let protocol: UploadResult['protocol'] = 'none';
  const staged = await step(`checking ${STAGING_FILE}`, () => boardDigest(repl, STAGING_FILE, algorithm, slow.timeoutMs));
  const resumed = sameDigest(staged, expected);
  if (resumed) {
    onEvent?.({ type: 'info', message: `${STAGING_FILE} from an interrupted upload is complete: switching it in` });
  } else {
    const room = await ensureSpace(repl, info, image.length, onEvent);
    const target = room === 'staged' ? STAGING_FILE : BOOT_FILE;
    const mode = options.protocol ?? 'auto';
    const tryPackets = mode === 'packets' || (mode === 'auto' && hasPacketProtocol(info.version, info.board));
    if (tryPackets) {
      const outcome = await step(`sending ${target} by packets`, () =>
        sendFileByPackets(repl, target, image, (sent) => onEvent?.({ type: 'progress', sent, total: image.length })),
      );
      if (outcome.ok) protocol = 'packets';
      else {
        const where = outcome.refusedAt === 'start' ? 'FILE_SEND' : `the DATA packet at ${outcome.refusedAt}`;
        onEvent?.({ type: 'info', message: `the board answered ${where} with ${outcome.reason === 'nak' ? 'NAK' : 'silence'}: sending Storage.write chunks instead` });
        if (outcome.reason === 'silence') await step('getting the REPL back', () => repl.sync());
      }
    }
    if (protocol === 'none') {
      await writeClassic(repl, target, image, options.timeoutMs, onEvent);
      protocol = 'classic';
    }
    const written = await step(`verifying ${target}`, () => boardDigest(repl, target, algorithm, slow.timeoutMs));
    if (!sameDigest(written, expected)) {
      throw new UploadError(
        'VERIFY_FAILED',
        `${target} on the board does not match the image (${algorithm} ${written?.hash ?? 'missing'}, ${written?.length ?? 0} bytes; ` +
          `expected ${expected.hash}, ${expected.length} bytes): the serial link lost or changed data. ` +
          (target === STAGING_FILE ? `${BOOT_FILE} was not touched; try again` : 'run aliot upload again'),
      );
    }
    if (target === BOOT_FILE) return finish({ protocol, upToDate: false, resumed: false });
  }

  const switched = await step(`switching ${STAGING_FILE} to ${BOOT_FILE}`, () =>
    repl.call<boolean>(
      `(function(S){var d=S.read(${JSON.stringify(STAGING_FILE)});return d!==undefined&&S.write(${JSON.stringify(BOOT_FILE)},d)})(require("Storage"))`,
      slow,
    ),
  );
  const final = await step(`verifying ${BOOT_FILE}`, () => boardDigest(repl, BOOT_FILE, algorithm, slow.timeoutMs));
  if (switched !== true || !sameDigest(final, expected)) {
    throw new UploadError(
      'SWITCH_FAILED',
      `writing ${BOOT_FILE} from the verified ${STAGING_FILE} failed (${switched !== true ? `Storage.write returned ${String(switched)}` : 'its hash differs'}): ` +
        `${STAGING_FILE} is kept; run aliot upload again`,
    );
  }
  await step(`erasing ${STAGING_FILE}`, () => repl.call(`require("Storage").erase(${JSON.stringify(STAGING_FILE)})`));
  return finish({ protocol, upToDate: false, resumed });
}

