import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { projectRoot } from '../../project-root';

/** `aliot check-image`: the dialect gate over built images (all boards' by default, or the files given). */
export function registerCheckImage(program: Command): void {
  program
    .command('check-image')
    .description('run the Espruino dialect gate over dist/<board>/image.js (or the given files)')
    .argument('[files...]', 'image files to check instead of every board image')
    .option('--allow <globals...>', 'extra globals the target engine has (e.g. Promise)')
    .action(async (files: string[], opts: { allow?: string[] }) => {
      const { boardsWithImages, loadBoards } = await import('../../build/boards');
      const { checkImage, formatViolation } = await import('../../build/gate');
      const boards = boardsWithImages(await loadBoards(projectRoot));
      const targets =
        files.length > 0
          ? files.map((f) => ({ file: f, allow: opts.allow ?? [] }))
          : boards.map((b) => ({ file: path.join('dist', b.name, 'image.js'), allow: b.image?.allowGlobals ?? [] }));
      let failed = 0;
      for (const t of targets) {
        const abs = path.resolve(projectRoot, t.file);
        if (!existsSync(abs)) {
          process.stderr.write(`${t.file}: not found (run npm run build)\n`);
          failed++;
          continue;
        }
        const mapFile = `${abs}.map`;
        const sourceMap = existsSync(mapFile) ? readFileSync(mapFile, 'utf8') : undefined;
        const violations = checkImage(readFileSync(abs, 'utf8'), { filename: t.file, sourceMap, allowGlobals: t.allow });
        for (const v of violations) process.stderr.write(`${formatViolation(v, t.file)}\n`);
        if (violations.length > 0) failed++;
        else process.stdout.write(`${t.file}: passes the gate\n`);
      }
      if (failed > 0) process.exitCode = 1;
    });
}
