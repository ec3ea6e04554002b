// `aliot cloud start --key-type`: the CA line names the key type, an EC data dir started without the flag says how
// to move, `--key-type rsa` moves it, and an unknown type is refused before anything starts.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { removeDir, spawnCloudStart, startTestCloud, tempDir } from './helpers';

const dataDir = tempDir();
afterAll(() => removeDir(dataDir));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs `aliot cloud start` on dataDir until its banner is out, stops it with SIGINT; everything it printed. */
async function startOutput(extra: string[]): Promise<string> {
  const cloud = await spawnCloudStart(dataDir, extra);
  expect(await cloud.stop()).toBe(0);
  return cloud.output();
}

describe('aliot cloud start --key-type', () => {
  it('keeps an EC data dir without the flag, printing the key type and how to move; --key-type rsa moves it', async () => {
    const ec = await startTestCloud({ dataDir, keyType: 'ec' });
    await ec.stop();

    const kept = await startOutput([]);
    expect(kept).toContain(`${join(dataDir, 'tls', 'ca.pem')} (EC P-256)`);
    expect(kept.split('\n').filter((l) => l.includes('--key-type rsa'))).toHaveLength(1);

    const moved = await startOutput(['--key-type', 'rsa']);
    expect(moved).toContain(`${join(dataDir, 'tls', 'ca.pem')} (RSA-2048)`);
    expect(moved).toContain('ca.ec.pem');
    expect(moved).not.toContain('--key-type rsa');
    expect(existsSync(join(dataDir, 'tls', 'ca.ec.pem'))).toBe(true);
  });

  it('refuses a key type other than rsa or ec before starting anything', async () => {
    const dir = tempDir();
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
    const code = await main(['node', 'aliot', 'cloud', 'start', '--data', dir, '--key-type', 'dsa']);
    vi.restoreAllMocks();
    expect(code).not.toBe(0);
    expect(stderr).toContain('--key-type must be rsa or ec');
    expect(existsSync(join(dir, 'tls'))).toBe(false);
    removeDir(dir);
  });
});
