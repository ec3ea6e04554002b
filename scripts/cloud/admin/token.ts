// The admin API's token: 32 random bytes as hex, made at a data dir's first start and kept in
// <dataDir>/admin-token (0600, like every file there). The CLI and `aliot provision` read it from the data dir,
// so nobody types it; a web page in the developer's browser cannot read it, and so cannot drive the cloud.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';
const TOKEN_FORM = /^[0-9a-f]{64}$/;

/** The token stored in dataDir, or null when there is none (the cloud never started there) or it is damaged. */
export function readAdminToken(dataDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, ADMIN_TOKEN_FILE), 'utf8').trim();
  } catch {
    return null;
  }
  return TOKEN_FORM.test(text) ? text : null;
}

/** The data dir's token, made (0600, never overwriting another's) when there is none yet. */
export function loadOrCreateAdminToken(dataDir: string): string {
  const stored = readAdminToken(dataDir);
  if (stored) return stored;
  const token = randomBytes(32).toString('hex');
  // 'w' replaces a damaged file; the mode applies when it is created (securePrivateDir narrows an older one).
  writeFileSync(join(dataDir, ADMIN_TOKEN_FILE), token + '\n', { mode: 0o600 });
  return token;
}

/** True when an Authorization header carries exactly this token as a Bearer credential (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer ([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  return timingSafeEqual(Buffer.from(m[1]!, 'utf8'), Buffer.from(token, 'utf8'));
}
