// Moving a data dir to another key type keeps the old TLS files beside the new ones instead of deleting them
// (the old CA may still be trusted by devices, or needed to read old captures): ca.pem → ca.ec.pem, and so on.
// A name already taken by an earlier move gets a number (ca.ec.2.pem), so no file is ever overwritten.

import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** `name.pem` → `name.<tag>.pem`, or `name.<tag>.<n>.pem` for n ≥ 2. */
function asideName(file: string, tag: string, n: number): string {
  const dot = file.lastIndexOf('.');
  const stem = dot < 0 ? file : file.slice(0, dot);
  const ext = dot < 0 ? '' : file.slice(dot);
  return `${stem}.${tag}${n >= 2 ? '.' + n : ''}${ext}`;
}

/**
 * Renames the present ones of `files` in `dir` to their set-aside names, all with the same number, the smallest
 * for which none of the names is taken. Returns the new paths.
 */
export function setAside(dir: string, files: readonly string[], tag: string): string[] {
  const present = files.filter((f) => existsSync(join(dir, f)));
  let n = 1;
  while (files.some((f) => existsSync(join(dir, asideName(f, tag, n))))) n++;
  return present.map((f) => {
    const to = join(dir, asideName(f, tag, n));
    renameSync(join(dir, f), to);
    return to;
  });
}
