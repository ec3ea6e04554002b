import type { Command } from 'commander';
import { registerBench } from './commands/bench';
import { registerBuild } from './commands/build';
import { registerCheckImage } from './commands/check-image';
import { registerCloud } from './commands/cloud';
import { registerSize } from './commands/size';
import { registerSelftest } from './commands/selftest';
import { registerSign } from './commands/sign';
import { registerStart } from './commands/start';
import { registerFlash } from './commands/flash';
import { registerUpload } from './commands/upload';
import { registerProvision } from './commands/provision';
import { registerMonitor } from './commands/monitor';
import { registerBitl } from './commands/bitl';

/** A sub-command adds itself to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every sub-command of `aliot`, in the order `aliot --help` lists them. */
export const commands: RegisterCommand[] = [registerStart, registerBuild, registerSelftest, registerCheckImage, registerSize, registerSign, registerFlash, registerUpload, registerProvision, registerMonitor, registerBitl, registerBench, registerCloud];
