import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

export interface ImageSize {
  board: string;
  file: string;
  raw: number;
  gzip: number;
  /**
   * Function declarations and expressions in the image. On Espruino each function that exists costs about 8 JsVars
   * (the function, its scope, its code reference and each parameter name), so this count, not the bytes, drives the
   * image's memory once loaded.
   */
  functions: number;
}

/** How many functions an ES5 image's source holds (declarations and expressions). */
export function countFunctions(code: string): number {
  let n = 0;
  walk.simple(acorn.parse(code, { ecmaVersion: 5 }), {
    FunctionDeclaration() {
      n++;
    },
    FunctionExpression() {
      n++;
    },
  });
  return n;
}

/** Raw and gzip -9 bytes of dist/<board>/image.js for every board given that has one. */
export function measureImages(root: string, boards: string[], distDir = 'dist'): ImageSize[] {
  const sizes: ImageSize[] = [];
  for (const board of boards) {
    const file = path.join(distDir, board, 'image.js');
    const abs = path.join(root, file);
    if (!existsSync(abs)) continue;
    const bytes = readFileSync(abs);
    sizes.push({ board, file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, functions: countFunctions(bytes.toString('latin1')) });
  }
  return sizes;
}

/** Writes dist/size.json: the sizes plus when they were measured. */
export function writeSizeReport(root: string, sizes: ImageSize[], distDir = 'dist'): string {
  const file = path.join(distDir, 'size.json');
  const report = { measuredAt: new Date().toISOString(), images: sizes };
  writeFileSync(path.join(root, file), `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** A fixed-width table of the sizes, one image per line. */
export function formatSizeTable(sizes: ImageSize[]): string {
  const width = Math.max(30, ...sizes.map((s) => s.file.length));
  const lines = [`${'image'.padEnd(width)} raw bytes   gzip bytes   functions`];
  for (const s of sizes) {
    lines.push(`${s.file.padEnd(width)} ${String(s.raw).padStart(9)}   ${String(s.gzip).padStart(10)}   ${String(s.functions).padStart(9)}`);
  }
  return lines.join('\n');
}
