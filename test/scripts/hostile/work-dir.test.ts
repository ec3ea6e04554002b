// Issue 17 row 1, as a user would hit it: `aliot start --work-dir DIR` on a directory aliot did not make (a git
// checkout, a link to one, a file) must leave it exactly as it was and say why; only a new, empty or marked
// directory is used, and on a marked one only what the demo writes is removed.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { silentNarrator } from '../../../scripts/demo/narrator';
import { runStory } from '../../../scripts/demo/story';
import { prepareWorkDir, WORK_DIR_MARKER, WorkDirRefused } from '../../../scripts/demo/work-dir';
import { projectRoot } from '../../../scripts/project-root';

const root = mkdtempSync(path.join(tmpdir(), 'aliot-workdir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** A directory shaped like a git checkout: what a developer would point --work-dir at by mistake. */
function gitCheckout(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, '.git', 'refs'), { recursive: true });
  writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(path.join(dir, 'notes.md'), 'my notes\n');
  return dir;
}

async function aliotStart(workDir: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  const code = await main(['node', 'aliot', 'start', '--work-dir', workDir]);
  vi.restoreAllMocks();
  return { code, stderr };
}

describe('aliot start --work-dir never deletes what aliot did not create', () => {
  it('refuses a git checkout with exit 2 and a message naming the directory, and leaves every file in it', async () => {
    const dir = gitCheckout('repo');
    const r = await aliotStart(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`work dir ${dir} holds files aliot did not create`);
    expect(r.stderr).toContain('left untouched');
    expect(readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(readFileSync(path.join(dir, 'notes.md'), 'utf8')).toBe('my notes\n');
    expect(readdirSync(dir).sort()).toEqual(['.git', 'notes.md']);
  });

  it('refuses a symbolic link to a directory and a plain file, leaving both targets as they were', async () => {
    const target = gitCheckout('linked');
    const link = path.join(root, 'link');
    symlinkSync(target, link);
    expect((await aliotStart(link)).code).toBe(2);
    expect(readdirSync(target).sort()).toEqual(['.git', 'notes.md']);
    const file = path.join(root, 'a-file');
    writeFileSync(file, 'data\n');
    const r = await aliotStart(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a directory');
    expect(readFileSync(file, 'utf8')).toBe('data\n');
  });

  it('runStory itself refuses such a directory before touching it', async () => {
    const dir = gitCheckout('story');
    await expect(runStory({ workDir: dir, image: path.join(projectRoot, 'dist', 'esp32', 'image.js'), narrator: silentNarrator })).rejects.toThrow(WorkDirRefused);
    expect(readdirSync(dir).sort()).toEqual(['.git', 'notes.md']);
  });

  it('takes a new or an empty directory and marks it; on a marked one removes only cloud/ and board/', () => {
    const fresh = path.join(root, 'fresh', 'demo');
    prepareWorkDir(fresh);
    expect(readdirSync(fresh)).toEqual([WORK_DIR_MARKER]);
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    prepareWorkDir(empty);
    expect(readdirSync(empty)).toEqual([WORK_DIR_MARKER]);

    mkdirSync(path.join(fresh, 'cloud', 'tls'), { recursive: true });
    writeFileSync(path.join(fresh, 'cloud', 'registry.sqlite3'), 'x');
    mkdirSync(path.join(fresh, 'board'));
    writeFileSync(path.join(fresh, 'mine.txt'), 'kept\n');
    prepareWorkDir(fresh);
    expect(existsSync(path.join(fresh, 'cloud'))).toBe(false);
    expect(existsSync(path.join(fresh, 'board'))).toBe(false);
    expect(readFileSync(path.join(fresh, 'mine.txt'), 'utf8')).toBe('kept\n');
  });
});
