import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { projectRoot } from '../../project-root';

/**
 * `aliot selftest`: runs the image pipeline's self-test image in the Espruino-profile runner and shows what it
 * printed and the memory it used.
 */
export function registerSelftest(program: Command): void {
  program
    .command('selftest')
    .description('run the self-test image (dist/selftest/image.js) in the Espruino-profile runner')
    .action(async () => {
      const { runImage } = await import('../../board/profile/index');
      const file = path.join('dist', 'selftest', 'image.js');
      const code = readFileSync(path.join(projectRoot, file), 'utf8');
      process.stdout.write(`running ${file} (${code.length} bytes) in the Espruino profile\n\n`);
      const run = await runImage(code, { board: 'ESP32', onPrint: (line) => process.stdout.write(`  ${line}\n`) });
      const used = run.memory.after - run.memory.before;
      process.stdout.write(
        `\nmemory: ${run.memory.before} B before the image, ${run.memory.after} B after (+${used} B), peak ${run.memory.peakSeen} B\n`,
      );
      if (run.error) {
        process.stderr.write(`the image failed: ${run.error.name}: ${run.error.message}\n`);
        process.exitCode = 1;
      }
    });
}
