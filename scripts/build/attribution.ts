import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** Functions and minified bytes of an image that come from one source file (or directory). */
export interface SourceShare {
  source: string;
  functions: number;
  bytes: number;
}

/**
 * Where an image's functions and bytes come from, through its source map: each function is counted for the source
 * its `function` keyword maps to, each byte of the image for the source of the nearest mapped position before it.
 * `depth` > 0 folds paths to their first `depth` segments (2: src/mqtt, hal/espruino, …). Sorted by functions.
 * On Espruino a function costs about 8 JsVars once it exists, so this tells where the loaded image's memory goes.
 */
export function attributeImage(code: string, mapText: string, depth = 0): SourceShare[] {
  const map = new TraceMap(mapText);
  const shares = new Map<string, SourceShare>();
  const fold = (source: string | null): string => {
    // The image's map names sources relative to dist/<board>/ (sourceRoot ../../): make them project paths.
    const s = source === null ? '(unmapped)' : source.replace(/^(\.\.\/)+/, '');
    return depth > 0 ? s.split('/').slice(0, depth).join('/') : s;
  };
  const share = (source: string): SourceShare => {
    let s = shares.get(source);
    if (!s) shares.set(source, (s = { source, functions: 0, bytes: 0 }));
    return s;
  };
  const ast = acorn.parse(code, { ecmaVersion: 5, locations: true });
  const count = (node: acorn.Node & { loc?: acorn.SourceLocation | null }): void => {
    const at = node.loc!.start;
    share(fold(originalPositionFor(map, { line: at.line, column: at.column }).source)).functions++;
  };
  walk.simple(ast, { FunctionDeclaration: count, FunctionExpression: count });
  const lines = code.split('\n');
  for (let l = 0; l < lines.length; l++) {
    // Every byte belongs to the source of the nearest mapped position at or before it (a newline to its line's last).
    let current = '(unmapped)';
    for (let c = 0; c < lines[l]!.length; c++) {
      const source = originalPositionFor(map, { line: l + 1, column: c }).source;
      if (source !== null) current = fold(source);
      share(current).bytes++;
    }
    if (l < lines.length - 1) share(current).bytes++;
  }
  return [...shares.values()].filter((s) => s.functions > 0 || s.bytes > 0).sort((a, b) => b.functions - a.functions || b.bytes - a.bytes);
}

/** A fixed-width table of the shares, with a total line. */
export function formatShares(shares: SourceShare[]): string {
  const width = Math.max(20, ...shares.map((s) => s.source.length));
  const row = (name: string, f: number, b: number) => `${name.padEnd(width)} ${String(f).padStart(9)}   ${String(b).padStart(9)}`;
  const lines = [`${'source'.padEnd(width)} functions   raw bytes`];
  for (const s of shares) lines.push(row(s.source, s.functions, s.bytes));
  lines.push(row('total', shares.reduce((n, s) => n + s.functions, 0), shares.reduce((n, s) => n + s.bytes, 0)));
  return lines.join('\n');
}

/** The shares table of dist/<board>/image.js, or why it cannot be made (not built). */
export function readImageShares(root: string, board: string, depth: number): string {
  const file = path.join(root, 'dist', board, 'image.js');
  if (!existsSync(file) || !existsSync(`${file}.map`)) return `no dist/${board}/image.js with its source map: run npm run build`;
  return formatShares(attributeImage(readFileSync(file, 'latin1'), readFileSync(`${file}.map`, 'utf8'), depth));
}
