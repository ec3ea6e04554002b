// The data dir holds ProductSecrets, DeviceSecrets (registry.sqlite3 and its -wal/-shm), the CA key and the
// admin token in plain text, so it is private to the user: the dir and its tls/ 0700, every file in either 0600.
// Checked at every start: anything looser is narrowed and said. Only the data dir, its files and its tls/ are
// touched; other subdirectories someone keeps there are left alone.

import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** Subdirectories that are the cloud's own (the TLS material). */
const OWN_SUBDIRS = ['tls'];

const octal = (mode: number): string => '0' + (mode & 0o777).toString(8);

/** Narrows one entry to `mode` when group or others have any access; the notice, or null when it was private. */
function narrow(path: string, mode: number): string | null {
  const was = lstatSync(path).mode & 0o777;
  if ((was & 0o077) === 0) return null;
  chmodSync(path, mode);
  return `${path} was ${octal(was)} (readable by others: it holds secrets), now ${octal(mode)}`;
}

function secureDir(dir: string, notices: string[]): void {
  const n = narrow(dir, PRIVATE_DIR_MODE);
  if (n) notices.push(n);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isFile()) {
      const f = narrow(path, PRIVATE_FILE_MODE);
      if (f) notices.push(f);
    } else if (stat.isDirectory() && OWN_SUBDIRS.includes(name)) {
      secureDir(path, notices);
    }
  }
}

/**
 * Makes dataDir if needed (0700), and narrows it, its files and its tls/ to 0700/0600. Returns one notice per
 * entry that was looser (empty when all was private already).
 */
export function securePrivateDir(dataDir: string): string[] {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const notices: string[] = [];
  secureDir(dataDir, notices);
  return notices;
}
