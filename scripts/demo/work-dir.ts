// The demo's work directory. aliot only ever deletes what it made: a directory is taken when it does not exist
// (made and marked), is empty (marked), or carries aliot's marker file; anything else is refused untouched. On
// a marked directory only the entries the demo writes (CHILDREN) are removed, so a file someone put beside them
// stays.

import { lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The marker aliot writes into a work directory it owns. */
export const WORK_DIR_MARKER = '.aliot-work-dir';
const MARKER_TEXT = 'This directory was made by `aliot start`; it deletes and recreates cloud/ and board/ here.\n';
/** What the demo writes into its work directory, and so what it may delete again. */
const CHILDREN = ['cloud', 'board'];

/** A work directory aliot will not use; the message says why and what to do. */
export class WorkDirRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkDirRefused';
  }
}

function kind(dir: string): 'missing' | 'dir' | 'other' {
  try {
    // lstat: a symbolic link is not followed, so a link to a directory elsewhere is refused, not emptied.
    return lstatSync(dir).isDirectory() ? 'dir' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

/** Makes dir ready for a fresh demo run (its cloud/ and board/ gone), or throws WorkDirRefused. */
export function prepareWorkDir(dir: string): void {
  const found = kind(dir);
  if (found === 'other') throw new WorkDirRefused(`work dir ${dir} is not a directory (or is a symbolic link): give --work-dir a new or empty directory`);
  if (found === 'dir') {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(WORK_DIR_MARKER)) {
      throw new WorkDirRefused(
        `work dir ${dir} holds files aliot did not create (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); ` +
          `it is left untouched: give --work-dir a new or empty directory, or one an earlier aliot start made (it has ${WORK_DIR_MARKER})`,
      );
    }
    for (const child of CHILDREN) rmSync(path.join(dir, child), { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, WORK_DIR_MARKER), MARKER_TEXT);
}
