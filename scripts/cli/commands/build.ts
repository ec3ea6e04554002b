import type { Command } from 'commander';
import { projectRoot } from '../../project-root';

/** `aliot build`: every board's image through the pipeline, or only the boards named. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build dist/<board>/image.js for every board with an image: lower → bundle → Espruino pass → gate')
    .option('-b, --board <names...>', 'only these boards')
    .option('--no-minify', 'keep the image readable')
    .action(async (opts: { board?: string[]; minify: boolean }) => {
      // Loaded here, not at start-up: the pipeline pulls in TypeScript and esbuild.
      const { boardsWithImages, loadBoards } = await import('../../build/boards');
      const { buildImages } = await import('../../build/pipeline');
      const { formatSizeTable, measureImages } = await import('../../build/size');
      const boards = boardsWithImages(await loadBoards(projectRoot), opts.board);
      const result = await buildImages(projectRoot, boards, { noMinify: !opts.minify });
      if (!result.ok) {
        process.stderr.write(`build failed:\n${result.errors.map((e) => `  ${e}`).join('\n')}\n`);
        process.exitCode = 1;
        return;
      }
      const sizes = measureImages(projectRoot, result.images.map((i) => i.board));
      process.stdout.write(`${formatSizeTable(sizes)}\ngate: ${result.images.length} image(s) pass\n`);
    });
}
