import type { Command } from 'commander';
import { projectRoot } from '../../project-root';

/** `aliot size`: raw and gzip bytes per built image, also written to dist/size.json. */
export function registerSize(program: Command): void {
  program
    .command('size')
    .description('print raw and gzip bytes of every built image and write dist/size.json')
    .action(async () => {
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
