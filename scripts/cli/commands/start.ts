import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../usage';
import { projectRoot } from '../../project-root';

/**
 * `aliot start` (npm start): the whole story on the virtual ESP32 running the real image against the local cloud;
 * with --engine, on the real Espruino engine, the image run from Storage as on a board.
 */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('the demo: a virtual ESP32 on dist/esp32/image.js registers with a local cloud, stores its secret, connects, and more')
    .option('--until <step>', 'stop after this step: first-boot, property-post, property-set, reboot, wipe, reset')
    .option('--keep-online', 'leave the board online and the cloud running at the end (Ctrl-C stops)')
    .option('--verbose', "show the board's log lines, not only its milestones")
    .option('--work-dir <dir>', 'where the cloud and the board keep their state: a new or empty directory, or one aliot start made (its cloud/ and board/ are recreated; any other is refused)', '.aliot/demo')
    .option('--engine [path]', 'tell it on the real Espruino engine built for Linux (default $ALIOT_ESPRUINO) with the espruino-linux image')
    .action(async (opts: { until?: string; keepOnline?: boolean; verbose?: boolean; workDir: string; engine?: string | boolean }) => {
      const { runStory, STEPS } = await import('../../demo/story');
      const { streamNarrator } = await import('../../demo/narrator');
      if (opts.until !== undefined && !(STEPS as readonly string[]).includes(opts.until)) {
        throw new UsageError(`--until must be one of ${STEPS.join(', ')}, got ${JSON.stringify(opts.until)}`);
      }
      const narrator = streamNarrator(process.stdout, Boolean(opts.verbose));
      const { resolveEngine } = await import('../../board/engine/locate');
      const engine = opts.engine ? resolveEngine(opts.engine) : undefined;
      const started = Date.now();
      const { WorkDirRefused } = await import('../../demo/work-dir');
      const result = await runStory({
        workDir: path.resolve(projectRoot, opts.workDir),
        image: path.join(projectRoot, 'dist', engine ? 'espruino-linux' : 'esp32', 'image.js'),
        ...(engine ? { engine } : {}),
        narrator,
        until: opts.until as never,
        keepOnline: opts.keepOnline,
      }).catch((error: unknown) => {
        // A directory the user has to change: a usage error (exit 2), said plainly.
        throw error instanceof WorkDirRefused ? new UsageError(error.message) : error;
      });
      narrator.info('');
      narrator.info(`memory per phase (${result.memoryUnit}):`);
      for (const m of result.memory) narrator.info(`  ${m.phase.padEnd(12)} ${String(m.used).padStart(9)} ${m.unit}`);
      narrator.info(`${result.steps.length} steps in ${((Date.now() - started) / 1000).toFixed(1)} s; registrations seen by the cloud: ${result.registrations}`);
      if (opts.keepOnline) {
        narrator.info('the board stays online; Ctrl-C stops it');
        await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
        await result.stop();
      }
    });
}
