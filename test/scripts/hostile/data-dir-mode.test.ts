// Issue 17 row 5: `ls -l` of the data dir showed 0755 and 0644 files holding ProductSecrets and DeviceSecrets.
// The dir and its tls/ are 0700 and every file in them 0600, the SQLite -wal/-shm included, from the first start;
// a start on a dir someone loosened warns for each entry and narrows it.

import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { removeDir, startTestCloud, tempDir } from '../cloud/helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const modeOf = (path: string): string => '0' + (statSync(path).mode & 0o777).toString(8);

/** Every entry of the data dir and its tls/, with its mode. */
function modes(dataDir: string): Record<string, string> {
  const out: Record<string, string> = { '.': modeOf(dataDir) };
  for (const name of readdirSync(dataDir)) {
    out[name] = modeOf(join(dataDir, name));
    if (name === 'tls') for (const f of readdirSync(join(dataDir, 'tls'))) out[`tls/${f}`] = modeOf(join(dataDir, 'tls', f));
  }
  return out;
}

function expectPrivate(dataDir: string): void {
  for (const [name, mode] of Object.entries(modes(dataDir))) expect(mode, name).toBe(name === '.' || name === 'tls' ? '0700' : '0600');
}

describe('the data dir is private to the user', () => {
  it('a fresh start makes the dir and tls/ 0700 and every file 0600, -wal and -shm included', async () => {
    const parent = tempDir();
    dirs.push(parent);
    const dataDir = join(parent, 'cloud');
    const lines: string[] = [];
    const cloud = await startTestCloud({ dataDir, logger: (l) => lines.push(l) });
    try {
      cloud.registry.products.add({ dynamicRegistration: true }, Date.now());
      const names = Object.keys(modes(dataDir));
      for (const f of ['registry.sqlite3', 'registry.sqlite3-wal', 'registry.sqlite3-shm', 'cloud.json', 'tls/ca.pem', 'tls/ca-key.pem', 'tls/server.pem', 'tls/server-key.pem']) {
        expect(names).toContain(f);
      }
      expectPrivate(dataDir);
      expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
    } finally {
      await cloud.stop();
    }
  });

  it('a start on a loosened dir warns once per entry, naming the old mode, and narrows each', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    await (await startTestCloud({ dataDir })).stop();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'tls'), 0o755);
    chmodSync(join(dataDir, 'registry.sqlite3'), 0o644);
    chmodSync(join(dataDir, 'tls', 'ca-key.pem'), 0o644);
    writeFileSync(join(dataDir, 'cloud.json'), '{}\n', { mode: 0o666 });
    chmodSync(join(dataDir, 'cloud.json'), 0o666);
    mkdirSync(join(dataDir, 'mine'), { mode: 0o755 });
    chmodSync(join(dataDir, 'mine'), 0o755);
    const lines: string[] = [];
    const cloud = await startTestCloud({ dataDir, logger: (l) => lines.push(l) });
    try {
      const warnings = lines.filter((l) => l.startsWith('warning:'));
      expect(warnings).toHaveLength(5);
      expect(warnings).toContain(`warning: ${dataDir} was 0755 (readable by others: it holds secrets), now 0700`);
      expect(warnings).toContain(`warning: ${join(dataDir, 'tls', 'ca-key.pem')} was 0644 (readable by others: it holds secrets), now 0600`);
      expect(warnings.some((w) => w.includes('cloud.json was 0666'))).toBe(true);
      expect(modes(dataDir).mine).toBe('0755'); // not the cloud's: left as it was
      const own = modes(dataDir);
      delete own.mine;
      for (const [name, mode] of Object.entries(own)) expect(mode, name).toBe(name === '.' || name === 'tls' ? '0700' : '0600');
    } finally {
      await cloud.stop();
    }
  });

  it('`aliot cloud product add` on a new data dir (no cloud running) makes it private too', async () => {
    const parent = tempDir();
    dirs.push(parent);
    const dataDir = join(parent, 'fresh');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['node', 'aliot', 'cloud', 'product', 'add', '--data', dataDir]);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(modeOf(dataDir)).toBe('0700');
    for (const f of readdirSync(dataDir)) expect(modeOf(join(dataDir, f)), f).toBe('0600');
  });
});
