import { Command, CommanderError } from 'commander';
import { commands } from './commands';

/** Builds the `aliot` program: one sub-command per file under scripts/cli/commands. */
export function buildProgram(): Command {
  const program = new Command('aliot')
    .description('aliot: build, simulate, sign, flash and test Alibaba Cloud IoT firmware for Espruino boards')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`aliot: ${message}\n`);
    return 1;
  }
}
