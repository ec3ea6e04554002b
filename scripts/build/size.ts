import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ImageSize {
  board: string;
  file: string;
  raw: number;
  gzip: number;
}

/** Raw and gzip -9 bytes of dist/<board>/image.js for every board given that has one. */
export function measureImages(root: string, boards: string[], distDir = 'dist'): ImageSize[] {
  const sizes: ImageSize[] = [];
  for (const board of boards) {
    const file = path.join(distDir, board, 'image.js');
    const abs = path.join(root, file);
    if (!existsSync(abs)) continue;
    const bytes = readFileSync(abs);
    sizes.push({ board, file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
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
  const lines = [`${'image'.padEnd(width)} raw bytes   gzip bytes`];
  for (const s of sizes) {
    lines.push(`${s.file.padEnd(width)} ${String(s.raw).padStart(9)}   ${String(s.gzip).padStart(10)}`);
  }
  return lines.join('\n');
}
