import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

/** One bundled, minified image before the Espruino pass, with its source map back to TypeScript. */
export type BundleResult = { ok: true; code: string; map: string } | { ok: false; errors: string[] };

const HELPERS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers.js');

/**
 * Bundles one lowered ES5 module graph into a single minified IIFE with tsup. The tsc helpers come from helpers.js
 * through esbuild's inject, so they land inside the IIFE and only when used. Input source maps (tsc's) are followed,
 * so the map points at the TypeScript sources. `define` replaces each named global with its value (the board's
 * build-time features), so the code a false feature guards is dropped as dead code.
 *
 * The input is ES5 already (tsc lowered it), so tsup's own ES5 pass (swc, which injects Symbol-based helpers at top
 * level) must not run: tsup gets an ES2015 target, which it hands to esbuild, and esbuild's target is then set to
 * ES5 so that minifying introduces no newer syntax. Tree shaking is esbuild's (tsup's `treeshake` would add Rollup).
 */
export async function bundleImage(entryJs: string, root: string, minify = true, define: Record<string, string> = {}): Promise<BundleResult> {
  const buildDir = path.join(root, 'build');
  mkdirSync(buildDir, { recursive: true });
  const outDir = mkdtempSync(path.join(buildDir, 'bundle-'));
  const errors: string[] = [];
  try {
    await build({
      entry: { image: entryJs },
      format: ['iife'],
      target: 'es2015',
      platform: 'neutral',
      minify,
      sourcemap: true,
      splitting: false,
      dts: false,
      clean: false,
      shims: false,
      config: false,
      silent: true,
      outDir,
      define,
      inject: [HELPERS],
      esbuildOptions(options) {
        options.target = 'es5';
        options.treeShaking = true;
        options.charset = 'ascii';
        options.legalComments = 'none';
        options.sourcesContent = false;
        options.sourceRoot = '';
        options.absWorkingDir = root;
        options.logLevel = 'silent';
      },
      esbuildPlugins: [
        {
          name: 'collect-errors',
          setup(b) {
            b.onEnd((result) => {
              for (const m of result.errors) errors.push(formatMessage(m));
            });
          },
        },
      ],
    });
    const files = readdirSync(outDir);
    const js = files.find((f) => f.endsWith('.js'));
    const map = files.find((f) => f.endsWith('.js.map'));
    if (!js || !map) return { ok: false, errors: errors.length > 0 ? errors : ['tsup produced no output'] };
    const code = stripSourceMapComment(readFileSync(path.join(outDir, js), 'utf8'));
    return { ok: true, code, map: rootRelative(readFileSync(path.join(outDir, map), 'utf8'), outDir, root) };
  } catch (err) {
    return { ok: false, errors: errors.length > 0 ? errors : [String(err)] };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The map's sources relative to the project root, as if the image had been written there (tsup writes to outDir). */
function rootRelative(mapText: string, outDir: string, root: string): string {
  const map = JSON.parse(mapText) as { sources: string[] };
  map.sources = map.sources.map((s) => path.relative(root, path.resolve(outDir, s)).split(path.sep).join('/'));
  return JSON.stringify(map);
}

function stripSourceMapComment(code: string): string {
  return code.replace(/\n?\/\/# sourceMappingURL=[^\n]*\n?$/, '\n');
}

function formatMessage(m: { text: string; location?: { file: string; line: number; column: number } | null }): string {
  const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column} ` : '';
  return `${where}${m.text}`;
}
