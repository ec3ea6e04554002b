import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** One bundled, minified image before the Espruino pass, with its source map back to TypeScript. */
export type BundleResult = { ok: true; code: string; map: string } | { ok: false; errors: string[] };

const HELPERS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers.js');

/**
 * Bundles one lowered ES5 module graph into a single minified IIFE. The tsc helpers come from
 * helpers.js through esbuild's inject, so they land inside the IIFE and only when used. Input source
 * maps (tsc's) are followed, so the map points at the TypeScript sources. `define` replaces each named global with
 * its value (the board's build-time features), so the code a false feature guards is dropped as dead code.
 */
export async function bundleImage(entryJs: string, root: string, minify = true, define: Record<string, string> = {}): Promise<BundleResult> {
  try {
    const result = await esbuild.build({
      entryPoints: [entryJs],
      bundle: true,
      format: 'iife',
      target: 'es5',
      platform: 'neutral',
      minify,
      treeShaking: true,
      define,
      inject: [HELPERS],
      sourcemap: 'external',
      sourceRoot: '',
      sourcesContent: false,
      write: false,
      outfile: path.join(root, 'image.js'),
      absWorkingDir: root,
      charset: 'ascii',
      legalComments: 'none',
      logLevel: 'silent',
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
    const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
    if (!js || !map) return { ok: false, errors: ['esbuild produced no output'] };
    return { ok: true, code: stripSourceMapComment(js.text), map: map.text };
  } catch (err) {
    const failure = err as esbuild.BuildFailure;
    if (Array.isArray(failure.errors)) {
      return { ok: false, errors: failure.errors.map((e) => formatMessage(e)) };
    }
    return { ok: false, errors: [String(err)] };
  }
}

function stripSourceMapComment(code: string): string {
  return code.replace(/\n?\/\/# sourceMappingURL=[^\n]*\n?$/, '\n');
}

function formatMessage(m: esbuild.Message): string {
  const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column} ` : '';
  return `${where}${m.text}`;
}
