// The code of both fleet sides as plain JavaScript, the way a Node program ships: fleet-side-child.ts and all it
// imports (ours: src/, hal/node, boards; theirs: node:https, src/auth) bundled into one ES module, the `mqtt` client
// left to load from node_modules as published. Under tsx the TypeScript would be compiled with keepNames, which
// wraps every function and class in a call that redefines its `name`: an own property per closure (memory) and a
// call per closure made (CPU) that plain JavaScript — mqtt's — does not pay. Bundled here, neither side does.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

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
