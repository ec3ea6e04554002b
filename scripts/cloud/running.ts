// Whether a cloud is running on a data dir: <dataDir>/cloud.json names its admin port while it runs, and the
// admin API answers /health to the data dir's token. A cloud.json left by a crash names a port nobody (or a
// stranger, who refuses the token) answers on, so it does not count.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAdminToken } from './admin/token';

export const STATE_FILE = 'cloud.json';

/** The running cloud's admin API: where it listens and the token it wants. */
export interface AdminEndpoint {
  base: string;
  token: string;
}

/** The admin API of the cloud running on dataDir, if one answers to the data dir's token. */
export async function runningCloud(dataDir: string): Promise<AdminEndpoint | null> {
  const file = join(dataDir, STATE_FILE);
  const token = readAdminToken(dataDir);
  if (!existsSync(file) || token === null) return null;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { adminPort?: number };
    if (typeof state.adminPort !== 'number') return null;
    const base = `http://127.0.0.1:${state.adminPort}`;
    const res = await fetch(`${base}/health`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(1000) });
    return res.ok ? { base, token } : null;
  } catch {
    return null;
  }
}
