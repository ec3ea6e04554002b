// The code of both fleet sides as plain JavaScript, the way a Node program ships: fleet-side-child.ts and all it
// imports (ours: src/, hal/node, boards; theirs: node:https, src/auth) bundled into one ES module, the `mqtt` client
// left to load from node_modules as published. Under tsx the TypeScript would be compiled with keepNames, which
// wraps every function and class in a call that redefines its `name`: an own property per closure (memory) and a
// call per closure made (CPU) that plain JavaScript — mqtt's — does not pay. Bundled here, neither side does.
// Our runtime's build-time features are the ESP32 image's (boards/esp32 image.features, as `aliot build` folds them):
// HTTPS registration, native hashes, warnings and errors only — on Node unbundled every feature is on, and debug
// lines would be built for a log that drops them.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import esp32 from '../../boards/esp32';
import { featureDefines } from '../build/features';

const ENTRY = fileURLToPath(new URL('./fleet-side-child.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(ENTRY), '../..');

/**
 * Bundles the side process into node_modules/.cache/aliot-bench/ (inside the project, so `mqtt` resolves from the
 * project's node_modules); returns the file to run with node.
 */
export async function bundleFleetSide(root: string = ROOT): Promise<string> {
  const outDir = path.join(root, 'node_modules', '.cache', 'aliot-bench');
  mkdirSync(outDir, { recursive: true });
  await build({
    entry: { 'fleet-side': ENTRY },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: true,
    external: ['mqtt'],
    define: featureDefines(esp32),
    splitting: false,
    sourcemap: false,
    minify: false,
    keepNames: false,
    dts: false,
    clean: false,
    config: false,
    silent: true,
    outDir,
    outExtension: () => ({ js: '.mjs' }),
  });
  return path.join(outDir, 'fleet-side.mjs');
}
