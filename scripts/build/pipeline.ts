import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BoardDescriptor } from '../../hal/types';
import { bundleImage } from './bundle';
import { espruinoPass } from './espruino-pass';
import { featureDefines } from './features';
import { checkImage, formatViolation, type GateViolation } from './gate';
import { lowerToEs5, loweredPath } from './lower';
import { chainMaps, mapForDist } from './sourcemap';

/** What building one board's image produced. */
export interface ImageBuild {
  board: string;
  /** dist/<board>/image.js, relative to the project root (written only when the gate passed). */
  file: string;
  code: string;
  map: string;
  violations: GateViolation[];
  prototypeRewrites: number;
}

export type BuildResult = { ok: true; images: ImageBuild[] } | { ok: false; errors: string[]; images: ImageBuild[] };

export interface BuildOptions {
  /** Skip the Espruino pass (only to show that the gate catches what it would have fixed). */
  skipEspruinoPass?: boolean;
  /** Bundle without minifying (for reading the image). */
  noMinify?: boolean;
  /** Where lowered modules go (default build/es5). */
  lowerDir?: string;
  /** Where images go (default dist). */
  distDir?: string;
}

/**
 * The image pipeline for a set of boards: lower the device TypeScript to ES5 (tsc, helpers injected
 * later) → bundle into one minified IIFE (esbuild) → the Espruino pass (run-once IIFEs flattened to the top level, hoisting, builtin prototype
 * rewrite) → the dialect gate. Writes dist/<board>/image.js and its map for each image that passes.
 */
export async function buildImages(root: string, boards: BoardDescriptor[], options: BuildOptions = {}): Promise<BuildResult> {
  const lowerDir = path.resolve(root, options.lowerDir ?? 'build/es5');
  const distDir = path.resolve(root, options.distDir ?? 'dist');
  rmSync(lowerDir, { recursive: true, force: true });
  const entries = boards.map((b) => b.image!.entry);
  const lowered = lowerToEs5(root, entries, lowerDir);
  if (!lowered.ok) return { ok: false, errors: lowered.errors, images: [] };

  const images: ImageBuild[] = [];
  const errors: string[] = [];
  for (const board of boards) {
    const result = await buildOne(root, board, lowerDir, distDir, options);
    if ('error' in result) errors.push(result.error);
    else {
      images.push(result);
      for (const v of result.violations) errors.push(formatViolation(v, result.file));
    }
  }
  return errors.length > 0 ? { ok: false, errors, images } : { ok: true, images };
}

async function buildOne(
  root: string,
  board: BoardDescriptor,
  lowerDir: string,
  distDir: string,
  options: BuildOptions,
): Promise<ImageBuild | { error: string }> {
  const image = board.image!;
  const file = path.relative(root, path.join(distDir, board.name, 'image.js'));
  const outFile = path.join(root, file);
  rmSync(outFile, { force: true });
  rmSync(`${outFile}.map`, { force: true });

  const bundled = await bundleImage(loweredPath(root, image.entry, lowerDir), root, !options.noMinify, featureDefines(board));
  if (!bundled.ok) return { error: `${board.name}: bundling failed:\n  ${bundled.errors.join('\n  ')}` };

  let code = bundled.code;
  let map = bundled.map;
  let prototypeRewrites = 0;
  if (!options.skipEspruinoPass) {
    const passed = espruinoPass(bundled.code, 'image.js');
    if (passed.ok) {
      code = passed.code;
      map = chainMaps(passed.map, bundled.map);
      prototypeRewrites = passed.prototypeRewrites;
    }
    // A parse failure leaves the bundle as it is: the gate reports it with its rule and position.
  }

  const violations = checkImage(code, { filename: file, sourceMap: map, allowGlobals: image.allowGlobals ?? [] });
  if (violations.length === 0) {
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, code);
    writeFileSync(`${outFile}.map`, mapForDist(map, 'image.js'));
  }
  return { board: board.name, file, code, map, violations, prototypeRewrites };
}
