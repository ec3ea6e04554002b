import type { Command } from 'commander';
import { projectRoot } from '../../project-root';

/** `aliot size`: raw and gzip bytes per built image, also written to dist/size.json. */
export function registerSize(program: Command): void {
  program
    .command('size')
    .description('print raw and gzip bytes of every built image and write dist/size.json')
    .option('--by-source <board>', "where one board's image's functions and bytes come from, per source file (through its source map)")
    .option('--depth <n>', 'with --by-source: fold source paths to their first n segments (2: src/mqtt, hal/espruino)', '0')
    .action(async (options: { bySource?: string; depth: string }) => {
      if (options.bySource !== undefined) {
        const { readImageShares } = await import('../../build/attribution');
        const depth = Number(options.depth);
        if (!Number.isInteger(depth) || depth < 0) {
          process.stderr.write(`--depth must be a whole number of path segments, got ${options.depth}\n`);
          process.exitCode = 2;
          return;
        }
        const shares = readImageShares(projectRoot, options.bySource, depth);
        if (typeof shares === 'string') {
          process.stderr.write(`${shares}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`${shares}\n`);
        return;
      }
      const { boardsWithImages, loadBoards } = await import('../../build/boards');
      const { formatSizeTable, measureImages, writeSizeReport } = await import('../../build/size');
      const boards = boardsWithImages(await loadBoards(projectRoot)).map((b) => b.name);
      const sizes = measureImages(projectRoot, boards);
      const missing = boards.filter((b) => !sizes.some((s) => s.board === b));
      if (missing.length > 0) {
        process.stderr.write(`not built yet: ${missing.join(', ')} (run npm run build)\n`);
        process.exitCode = 1;
        return;
      }
      const file = writeSizeReport(projectRoot, sizes);
      process.stdout.write(`${formatSizeTable(sizes)}\nwritten: ${file}\n`);
    });
}
