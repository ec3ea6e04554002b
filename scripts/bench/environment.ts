// Where a benchmark ran: figures mean little without the machine and the commit.

import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface BenchEnvironment {
  node: string;
  platform: string;
  arch: string;
  cpu: string;
  cpus: number;
  /** `git rev-parse HEAD`, when the project is a git checkout. */
  commit?: string;
}

export function benchEnvironment(root: string): BenchEnvironment {
  const cpus = os.cpus();
  const env: BenchEnvironment = {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpu: cpus.length > 0 ? cpus[0]!.model.trim() : 'unknown',
    cpus: cpus.length,
  };
  const commit = gitCommit(root);
  if (commit !== undefined) env.commit = commit;
  return env;
}

function gitCommit(root: string): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const commit = out.trim();
    return /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}
