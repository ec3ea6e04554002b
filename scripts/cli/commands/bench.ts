import type { Command } from 'commander';
import { projectRoot } from '../../project-root';
import { positiveInteger } from '../usage';

/** `aliot bench`: every benchmark section, a table each, results in bench/results.json; --check holds them to budgets. */
export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks (ours beside reference implementations), write bench/results.json; --check: fail past bench/budgets.json')
    .option('--check', 'exit non-zero when a figure is past its budget in bench/budgets.json')
    .option('-s, --section <names...>', 'only these sections')
    .option('-n, --iterations <n>', 'work per section (each section has its own default)', positiveInteger)
    .option('-d, --devices <n>', 'simulated devices for the fleet and cloud-load sections (default 1000)', positiveInteger)
    .option('-o, --out <file>', 'where to write the JSON results', 'bench/results.json')
    .option('--budgets <file>', 'budgets to check against', 'bench/budgets.json')
    .action(async (opts: { check?: boolean; section?: string[]; iterations?: number; devices?: number; out: string; budgets: string }) => {
      // Loaded here, not at start-up: the benchmarks pull in the codec and mqtt-packet.
      const { readFileSync } = await import('node:fs');
      const path = await import('node:path');
      const { parseBudgets } = await import('../../bench/budgets');
      const { runBenchmarks, writeResults } = await import('../../bench/index');
      const { formatChecks, formatTable } = await import('../../bench/report');
      if (opts.iterations !== undefined && !(opts.iterations > 0)) throw new Error('--iterations must be a positive integer');
      if (opts.devices !== undefined && !(opts.devices > 0)) throw new Error('--devices must be a positive integer');
      const budgets = parseBudgets(readFileSync(path.resolve(projectRoot, opts.budgets), 'utf8'));
      const run = await runBenchmarks(projectRoot, { only: opts.section, iterations: opts.iterations, devices: opts.devices, budgets });
      const env = run.environment;
      const out: string[] = [`node ${env.node} on ${env.cpu} (${env.cpus} cpus)${env.commit ? `, commit ${env.commit.slice(0, 12)}` : ''}`];
      for (const [, section] of Object.entries(run.sections)) {
        out.push('', section.title, formatTable(section.table));
        if (section.note) out.push(`(${section.note})`);
      }
      const written = writeResults(projectRoot, run, opts.out);
      out.push('', formatChecks(run.checks), `results: ${written}`);
      process.stdout.write(`${out.join('\n')}\n`);
      if (opts.check && run.checks.some((c) => !c.ok)) process.exitCode = 1;
    });
}
