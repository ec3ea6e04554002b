#!/usr/bin/env node
// The `aliot` command. Host tools are TypeScript; tsx loads them without a separate compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
