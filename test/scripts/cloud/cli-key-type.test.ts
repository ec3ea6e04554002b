// `aliot cloud start --key-type`: the CA line names the key type, an EC data dir started without the flag says how
// to move, `--key-type rsa` moves it, and an unknown type is refused before anything starts.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { removeDir, startTestCloud, tempDir } from './helpers';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const dataDir = tempDir();
afterAll(() => removeDir(dataDir));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs `aliot cloud start` on dataDir until its banner is out, stops it with SIGINT; everything it printed. */
async function startOutput(extra: string[]): Promise<string> {
  const ports = ['--https-port', '0', '--mqtt-port', '0', '--mqtt-tcp-port', '0', '--admin-port', '0'];
  const child = spawn(process.execPath, ['scripts/bin/aliot.js', 'cloud', 'start', '--data', dataDir, ...ports, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 20_000;
    while (!out.includes('events (Ctrl-C stops)')) {
      if (Date.now() > deadline) throw new Error(`no start banner:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
  return out;
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
