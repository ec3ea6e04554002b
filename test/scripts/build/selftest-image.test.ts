import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import selftestBoard from '../../../boards/selftest';
import { runImage } from '../../../scripts/board/profile/index';
import { buildImages } from '../../../scripts/build/pipeline';
import { projectRoot } from '../../../scripts/project-root';

const work = mkdtempSync(path.join(tmpdir(), 'aliot-selftest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What firmware/selftest.ts prints when Node runs the TypeScript itself. */
async function printedUnderNode(): Promise<string[]> {
  const lines: string[] = [];
  const g = globalThis as { print?: (...a: unknown[]) => void };
  g.print = (...a: unknown[]) => lines.push(a.map(String).join(' '));
  try {
    // Imported by path so the host typecheck does not follow it into the Espruino type world.
    const entry = path.join(projectRoot, 'firmware', 'selftest.ts');
    await import(/* @vite-ignore */ entry);
  } finally {
    delete g.print;
  }
  return lines;
}

describe('self-test image in the Espruino profile', () => {
  let image = '';
  let unpassed = '';
  beforeAll(async () => {
    const built = await buildImages(projectRoot, [selftestBoard], { lowerDir: path.join(work, 'a'), distDir: path.join(work, 'da') });
    image = built.images[0]!.code;
    const raw = await buildImages(projectRoot, [selftestBoard], {
      lowerDir: path.join(work, 'b'),
      distDir: path.join(work, 'db'),
      skipEspruinoPass: true,
    });
    unpassed = raw.images[0]!.code;
  });

  it('prints exactly what the same TypeScript prints under Node', async () => {
    const expected = await printedUnderNode();
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.at(-1)).toBe('done');
    const run = await runImage(image);
    expect(run.error).toBeUndefined();
    expect(run.output).toEqual(expected);
  });

  it('records the memory the image uses and its named mark', async () => {
    const run = await runImage(image);
    expect(run.memory.after).toBeGreaterThan(run.memory.before);
    expect(run.memory.marks.map((m) => m.name)).toEqual(['selftest-done']);
  });

  it('fails in the profile without the Espruino pass, as it would on the board', async () => {
    const run = await runImage(unpassed);
    expect(run.error?.name).toBe('TypeError');
    expect(run.output).not.toContain('done');
  });
});
