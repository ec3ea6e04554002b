// Putting an image on an engine board (the real Espruino engine built for Linux): written into its flash from
// the host while it is off, as a flasher would, then verified over the REPL by the hash the board computes.
// Streaming 130 KB into the Linux build's REPL can stop it on "ASSERT(len <= 64) FAILED AT src/jsdevices.c"; a
// board's UART never does that, so real and virtual boards keep the staged REPL upload (upload.ts).
import { namedEngine, STOCK_ENGINE } from '../engine/locate';
import type { EngineBoard } from '../engine/board';
import type { ReplClient } from '../../serial/repl-client';
import { readBoardInfo } from './board-info';
import { boardDigest, chooseDigest, hostDigest, sameDigest } from './digest';
import { BOOT_FILE, UploadError, type UploadResult } from './upload';

export async function writeImageToEngine(board: EngineBoard, repl: ReplClient, image: string, options: { reboot?: boolean } = {}): Promise<UploadResult> {
  const started = Date.now();
  await board.powerCut();
  // A large file needs more JsVars than a small fixed pool has: the stock build (same flash format) writes it.
  await board.writeStorage({ [BOOT_FILE]: image }, namedEngine(STOCK_ENGINE) ?? board.options.engine);
  await board.boot();
  await repl.sync();
  await repl.sendLine('reset()'); // verify with the image stopped, as the REPL upload does
  await repl.sync();
  const info = await readBoardInfo(repl);
  const algorithm = chooseDigest(info);
  const expected = hostDigest(image, algorithm);
  const written = await boardDigest(repl, BOOT_FILE, algorithm, 30_000);
  if (!sameDigest(written, expected)) {
    throw new UploadError('VERIFY_FAILED', `${BOOT_FILE} on the engine board does not match the image (${written?.hash ?? 'missing'}; expected ${expected.hash})`);
  }
  if (options.reboot ?? true) await board.reboot();
  return { bytes: image.length, protocol: 'none', digest: { ...expected, algorithm }, upToDate: false, resumed: false, info, durationMs: Date.now() - started };
}
