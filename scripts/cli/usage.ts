// How the CLI fails: exit 2 for every usage error (a flag, argument or input the user has to fix), 1 for a
// failure; with --json the error is JSON too. Numbers from flags are checked here, with a message that names the
// expected form.

import { InvalidArgumentError } from 'commander';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Input the user has to fix: exit 2, printed without a stack. */
export class UsageError extends Error {
  /** Who says it on stderr: 'aliot', or the command ('aliot sign'). */
  readonly who: string;
  constructor(message: string, who = 'aliot') {
    super(message);
    this.name = 'UsageError';
    this.who = who;
  }
}

/** A commander option parser for an integer in [min, max]; the message names that range. */
export function integerIn(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string): number => {
    const n = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
      throw new InvalidArgumentError(`expected an integer ${range}, got ${JSON.stringify(value)}`);
    }
    return n;
  };
}

/** A positive integer (counts, durations, baud rates). */
export const positiveInteger = integerIn(1);
