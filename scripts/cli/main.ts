import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { commands } from './commands';
import { projectRoot } from '../project-root';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './usage';

/** Commander's codes for a help or version display: not failures. */
const DISPLAY_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

function version(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Builds the `aliot` program: one sub-command per file under scripts/cli/commands. */
export function buildProgram(json = false): Command {
  const program = new Command('aliot')
    .description('aliot: build, simulate, sign, flash and test Alibaba Cloud IoT firmware for Espruino boards')
    .version(version(), '-V, --version', 'print the version')
    .showHelpAfterError(!json)
    .exitOverride();
  for (const register of commands) register(program);
  // With --json, commander's own error text is held back: main prints the error as JSON instead.
  if (json) for (const c of [program, ...allCommands(program)]) c.configureOutput({ writeErr: () => {}, outputError: () => {} }).exitOverride();
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Runs the CLI and resolves to the process exit code: 0, 1 for a failure, 2 for a usage error. */
export async function main(argv: string[]): Promise<number> {
  const json = argv.slice(2).includes('--json');
  const program = buildProgram(json);
  const fail = (code: number, message: string, who = 'aliot'): number => {
    process.stderr.write(json ? JSON.stringify({ error: { message, exitCode: code } }) + '\n' : `${who}: ${message}\n`);
    return code;
  };
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (DISPLAY_CODES.has(err.code)) return 0;
      // Commander has printed its text already (unless --json): every one of its errors is a usage error.
      return json ? fail(EXIT_USAGE, err.message.replace(/^error: /, '')) : EXIT_USAGE;
    }
    if (err instanceof UsageError) return fail(EXIT_USAGE, err.message, err.who);
    return fail(EXIT_FAILURE, err instanceof Error ? err.message : String(err));
  }
}
