import type { Command } from 'commander';

/** A sub-command adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every sub-command of `aliot`, in the order `aliot --help` lists them. */
export const commands: RegisterCommand[] = [];
