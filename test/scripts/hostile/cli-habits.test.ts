// Issue 17 row 9, the habits a user brings to a CLI: --version; no colour off a terminal or with NO_COLOR;
// exit 2 for every usage error and 1 for a failure; with --json the error as JSON too; a bad number named with
// the form it should have, never "NaN".

import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../../../scripts/cli/main';
import { streamNarrator } from '../../../scripts/demo/narrator';
import { projectRoot } from '../../../scripts/project-root';
import { removeDir, tempDir } from '../cloud/helpers';

const dataDir = tempDir();
afterAll(() => removeDir(dataDir));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

async function aliot(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  const code = await main(['node', 'aliot', ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('aliot as a user expects a CLI to behave', () => {
  it('--version and -V print the package version and exit 0', async () => {
    const version = (JSON.parse(readFileSync(`${projectRoot}/package.json`, 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const r = await aliot(flag);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('exits 2 for every usage error: unknown command or option, missing argument, bad value', async () => {
    const cases = [
      ['no-such-command'],
      ['cloud', 'product', 'list', '--bogus', '--data', dataDir],
      ['cloud', 'device', 'reset', '--data', dataDir],
      ['cloud', 'start', '--admin-port', 'abc', '--data', dataDir],
      ['cloud', 'start', '--key-type', 'dsa', '--data', dataDir],
      ['cloud', 'start', '--registration-drop-ms', 'soon', '--data', dataDir],
      ['bench', '--devices', 'abc'],
      ['monitor', '--duration', '-5'],
      ['start', '--until', 'nowhere'],
      ['cloud', 'device', 'reset', 'a1NoSuch001', 'nobody-here', '--data', dataDir],
    ];
    for (const args of cases) {
      const r = await aliot(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).not.toContain('NaN');
    }
  });

  it('names the expected form of a bad number', async () => {
    expect((await aliot('cloud', 'start', '--admin-port', 'abc', '--data', dataDir)).stderr).toContain('--admin-port must be a port number from 0 to 65535 (0 = any free port), got "abc"');
    expect((await aliot('cloud', 'start', '--mqtt-port', '70000', '--data', dataDir)).stderr).toContain('got "70000"');
    expect((await aliot('bench', '--devices', 'abc')).stderr).toContain('expected an integer 1 or more, got "abc"');
  });

  it('with --json, an error is one JSON object on stderr, for input refusals and commander errors alike', async () => {
    for (const args of [
      ['cloud', 'device', 'reset', 'a1NoSuch001', 'nobody-here', '--json', '--data', dataDir],
      ['cloud', 'product', 'list', '--bogus', '--json', '--data', dataDir],
    ]) {
      const r = await aliot(...args);
      expect(r.code).toBe(2);
      const parsed = JSON.parse(r.stderr) as { error: { message: string; exitCode: number } };
      expect(parsed.error.exitCode).toBe(2);
      expect(parsed.error.message.length).toBeGreaterThan(0);
    }
  });

  it('colours the demo only on a terminal, and never with NO_COLOR', () => {
    const capture = (isTTY: boolean) => {
      let text = '';
      const out = { isTTY, write: (t: string) => ((text += t), true) } as unknown as NodeJS.WritableStream & { isTTY?: boolean };
      const n = streamNarrator(out, true);
      n.step(1, 'First boot');
      n.ok('online');
      n.board('aliot: online');
      return text;
    };
    expect(capture(false)).not.toContain('\x1b[');
    vi.stubEnv('NO_COLOR', '1');
    expect(capture(true)).not.toContain('\x1b[');
    expect(capture(true)).toContain('1. First boot');
  });
});
