// The Linux build of Espruino reads its console (stdin) on a second thread, which pushes each byte into the
// same input-event queue the main loop pops from. On a microcontroller that push runs in the UART interrupt,
// which the main loop masks while it pops; on Linux the two threads run at the same time on two cores and the
// queue gets corrupted: the engine stops with "ASSERT(len <= 64) FAILED AT src/jsdevices.c" and a dump of its
// variables. Measured here: whole 160-byte REPL lines sent while a 3 ms interval keeps the main loop busy crash
// an unpinned engine within seconds, every time; pinned to one CPU, 2,700 such lines in 40 s went through.
// So a REPL engine runs on one CPU, as a board's single JS core does: `taskset` (util-linux) pins it when present.
// Engines run round-robin over the CPUs this process may use, starting from one chosen by the process id, so the
// boards of parallel test workers still spread over the cores.
import { existsSync, readFileSync } from 'node:fs';

const TASKSET_PATHS = ['/usr/bin/taskset', '/bin/taskset'];

let nextCpu = process.pid;

/** CPUs this process may run on, from a `Cpus_allowed_list` such as "0-3,6": empty when it cannot be read. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let cpu = from; cpu <= to && cpu - from < 4096; cpu++) cpus.push(cpu);
  }
  return cpus;
}

function allowedCpus(): number[] {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
    return line ? parseCpuList(line[1]!) : [];
  } catch {
    return [];
  }
}

/** The command that runs `engine args` on one CPU; the plain command where pinning is not available. */
export function onOneCpu(engine: string, args: string[]): { command: string; args: string[]; cpu?: number } {
  const taskset = TASKSET_PATHS.find((p) => existsSync(p));
  const cpus = allowedCpus();
  if (!taskset || cpus.length === 0) return { command: engine, args };
  const cpu = cpus[nextCpu++ % cpus.length]!;
  // taskset execs the engine in the same process, so its pid, signals and exit status are the engine's.
  return { command: taskset, args: ['-c', String(cpu), engine, ...args], cpu };
}
