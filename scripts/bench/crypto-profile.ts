// HMAC-SHA256 in the Espruino-profile runner: the bench image (scripts/bench/images/hmac-entry.ts) is built by the
// real image pipeline (so it is the ES5, Espruino-passed, gate-checked code a board would run) and evaluated in a
// fresh EspruinoProfile (QuickJS behind the Espruino prelude). The host times each call into the engine.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import selftest from '../../boards/selftest';
import type { BoardDescriptor } from '../../hal/types';
import { EspruinoProfile } from '../board/profile/index';
import { buildImages } from '../build/pipeline';
import { projectRoot } from '../project-root';
import { measureRate, type RateOptions } from './rate';

export const HMAC_ENTRY = 'scripts/bench/images/hmac-entry.ts';

/** The selftest board (ESP32 sizes, no native hash) with the bench entry. */
export const hmacBenchBoard: BoardDescriptor = { ...selftest, name: 'bench-hmac', image: { entry: HMAC_ENTRY } };

/** Builds the bench image in a temporary directory; throws with the pipeline's errors if it does not pass. */
export async function buildHmacImage(root: string = projectRoot): Promise<{ code: string; bytes: number }> {
  const work = mkdtempSync(path.join(tmpdir(), 'aliot-bench-hmac-'));
  try {
    const result = await buildImages(root, [hmacBenchBoard], { lowerDir: path.join(work, 'es5'), distDir: path.join(work, 'dist') });
    if (!result.ok) throw new Error(`the HMAC bench image did not build:\n${result.errors.join('\n')}`);
    const code = result.images[0]!.code;
    return { code, bytes: Buffer.byteLength(code) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface ProfileHmacRates {
  pure: number;
  native: number;
  /** The last signature each path returned (checked against node:crypto by the caller). */
  pureSignature: string;
  nativeSignature: string;
}

/** One fresh profile: the image evaluated, then both paths timed. */
export async function profileHmacRates(code: string, rate: RateOptions): Promise<ProfileHmacRates> {
  // A single call must stay under the profile's per-entry limit; calibration keeps batches near rate.minMs.
  const profile = await EspruinoProfile.create({ board: 'ESP32', maxRunMs: 30_000 });
  try {
    profile.defineHostFunction('aliotBenchHost.sha256', (data) => new Uint8Array(createHash('sha256').update(data as Uint8Array).digest()));
    const evaluated = profile.eval(code, 'image.js');
    if (!evaluated.ok) throw new Error(`the HMAC bench image failed in the profile: ${evaluated.error.name}: ${evaluated.error.message}`);
    let pureSignature = '';
    let nativeSignature = '';
    const pure = measureRate((n) => {
      pureSignature = String(profile.call('aliotBench.pure', n));
    }, rate);
    const native = measureRate((n) => {
      nativeSignature = String(profile.call('aliotBench.native', n));
    }, rate);
    return { pure, native, pureSignature, nativeSignature };
  } finally {
    profile.dispose();
  }
}
