// The engine-memory bench's readings, free of any engine: what a phase came to (JsVars used and free, out of
// memory, not reached), how the console lines and the REPL's memory line are read, and the table and budget
// figures built from the runs. Units are Espruino JsVars (process.memory(), which runs a garbage collection first).
import { SKIPPED_FIGURE } from './budgets';

/** The two programs compared on the same engine in the same run. */
export type Program = 'aliot' | 'module';

/** after load; registering (aliot only); online idle; after 100 QoS1 publishes. */
export const PHASES = ['load', 'registering', 'online', 'posts'] as const;
export type PhaseName = (typeof PHASES)[number];

export type PhaseOutcome =
  | { status: 'measured'; used: number; free: number }
  /** The engine printed OUT OF MEMORY (or its memory interpreter error) before the phase was reached. */
  | { status: 'out-of-memory' }
  | { status: 'not-reached'; why: string }
  /** The program has no such phase (the MQTT module does not register). */
  | { status: 'not-applicable' };

export interface ProgramRun {
  program: Program;
  /** The engine's file name (espruino-2v29-esp32-4000 …). */
  engine: string;
  /** Its JsVar pool. */
  pool: number;
  phases: Record<PhaseName, PhaseOutcome>;
  /** Bytes of the program's source as stored (the image, or the module). */
  bytes: number;
  /** QoS1 publishes the program sent in the posts phase and how many the cloud received. */
  posts?: { asked: number; received: number };
  /** aliot only: the firmware's own "aliot: memory online" line (printed on the online event, before the idle reading). */
  firmwareOnline?: { used: number; free: number };
  /** The engine's failure on REPL input in each discarded attempt (a failed ASSERT, or out of memory as a REPL line arrived); the run was done again on a fresh flash. */
  engineFaults?: string[];
  /** The console's last lines (secrets masked) when the run stopped before its last phase. */
  lastLines?: string[];
  durationMs: number;
}

export interface EngineBaseline {
  engine: string;
  pool: number;
  /** JsVars in use on the engine with nothing in Storage, read over the REPL; undefined when not read. */
  used?: number;
}

export interface EngineMemoryResult {
  /** Set when the section could not run: why, and how to get what is missing. */
  skipped?: string;
  runs: ProgramRun[];
  baselines: EngineBaseline[];
  imageBytes: number;
  moduleBytes: number;
  durationMs: number;
}

export interface MemoryLine {
  /** "aliot" or "module": the word before ": memory". */
  program: string;
  phase: string;
  used: number;
  free: number;
  unit: string;
}

/** "aliot: memory boot used=5754 free=2246 unit=jsvars" (the firmware) or "module: memory load …" (the module's client). */
export function parseMemoryLine(line: string): MemoryLine | undefined {
  const m = /^(\w+): memory (\S+) used=(\d+) free=(\d+) unit=(\S+)$/.exec(line.trim());
  if (!m) return undefined;
  return { program: m[1]!, phase: m[2]!, used: Number(m[3]), free: Number(m[4]), unit: m[5]! };
}

/** The marker of the line the REPL memory reading prints. */
export const REPL_MEMORY_MARKER = '@@mem';

/**
 * The REPL line that reads the memory, kept short (48 bytes with its \x10 and newline): the Linux engine can stop
 * on "ASSERT(len <= 64)" as REPL input arrives while a program runs, its console thread racing the main loop for
 * the input queue (see isEngineFault in engine-memory-board.ts; a run that meets it is done again).
 */
export const REPL_MEMORY_LINE = `\x10print("${REPL_MEMORY_MARKER}",JSON.stringify(process.memory()))\n`;

/** The reading in a line the REPL memory line printed ('@@mem {"free":…,"usage":…}'), or undefined. */
export function parseReplMemory(line: string): { used: number; free: number } | undefined {
  const at = line.indexOf(`${REPL_MEMORY_MARKER} {`);
  if (at < 0) return undefined;
  try {
    const m = JSON.parse(line.slice(at + REPL_MEMORY_MARKER.length + 1)) as { usage?: unknown; free?: unknown };
    if (typeof m.usage !== 'number' || typeof m.free !== 'number') return undefined;
    return { used: m.usage, free: m.free };
  } catch {
    return undefined;
  }
}

/** Espruino ran out of JsVars: "OUT OF MEMORY" where it happened, then "New interpreter error: LOW_MEMORY,MEMORY". */
export function isOutOfMemory(line: string): boolean {
  return /OUT OF MEMORY|interpreter error: .*MEMORY/.test(line);
}

export function measured(reading: { used: number; free: number }): PhaseOutcome {
  return { status: 'measured', used: reading.used, free: reading.free };
}

export function notReached(why: string): PhaseOutcome {
  return { status: 'not-reached', why };
}

/** Every phase after the first one that did not measure inherits its outcome (out of memory, or not reached). */
export function settlePhases(phases: Partial<Record<PhaseName, PhaseOutcome>>, program: Program): Record<PhaseName, PhaseOutcome> {
  const out = {} as Record<PhaseName, PhaseOutcome>;
  let stop: PhaseOutcome | undefined;
  for (const phase of PHASES) {
    if (program === 'module' && phase === 'registering') {
      out[phase] = { status: 'not-applicable' };
      continue;
    }
    const got = phases[phase];
    if (stop) out[phase] = stop.status === 'out-of-memory' ? stop : notReached(`an earlier phase: ${(stop as { why: string }).why}`);
    else out[phase] = got ?? notReached('not run');
    if (!stop && out[phase].status !== 'measured') stop = out[phase];
  }
  return out;
}

const PHASE_FIGURE: Record<PhaseName, string> = { load: 'Load', registering: 'Registering', online: 'Online', posts: 'Posts' };

/** The figure name of a phase's used or free JsVars: aliot8000OnlineUsed, module4000LoadFree … */
export function phaseFigure(run: Pick<ProgramRun, 'program' | 'pool'>, phase: PhaseName, what: 'Used' | 'Free'): string {
  return `${run.program}${run.pool}${PHASE_FIGURE[phase]}${what}`;
}

/**
 * Budget figures: per run, Loads and Online (0/1: the after-load and online-idle readings were taken), used and
 * free per measured phase, and the QoS1 publishes the cloud received; the bytes of the image and the module.
 */
export function engineMemoryFigures(result: EngineMemoryResult): Record<string, number> {
  if (result.skipped !== undefined) return { [SKIPPED_FIGURE]: 1 };
  const figures: Record<string, number> = {};
  for (const run of result.runs) {
    figures[`${run.program}${run.pool}Loads`] = run.phases.load.status === 'measured' ? 1 : 0;
    figures[`${run.program}${run.pool}Online`] = run.phases.online.status === 'measured' ? 1 : 0;
    for (const phase of PHASES) {
      const o = run.phases[phase];
      if (o.status !== 'measured') continue;
      figures[phaseFigure(run, phase, 'Used')] = o.used;
      figures[phaseFigure(run, phase, 'Free')] = o.free;
    }
    if (run.posts && run.phases.posts.status === 'measured') figures[`${run.program}${run.pool}PostsReceived`] = run.posts.received;
  }
  figures.imageBytes = result.imageBytes;
  figures.moduleBytes = result.moduleBytes;
  if (result.moduleBytes > 0) figures.imageToModuleBytes = Math.round((result.imageBytes / result.moduleBytes) * 100) / 100;
  return figures;
}

const PROGRAM_LABEL: Record<Program, string> = { aliot: 'aliot image', module: "Espruino's MQTT module" };

/** One table cell: "used/free", or what happened instead. */
export function phaseCell(outcome: PhaseOutcome): string {
  switch (outcome.status) {
    case 'measured':
      return `${outcome.used.toLocaleString('en-US')}/${outcome.free.toLocaleString('en-US')}`;
    case 'out-of-memory':
      return 'out of memory';
    case 'not-reached':
      return 'not reached';
    case 'not-applicable':
      return '—';
  }
}

export const TABLE_COLUMNS = ['program', 'engine (JsVars)', 'after load', 'registering', 'online idle', 'after 100 QoS1', 'bytes'];

export function engineMemoryTable(result: EngineMemoryResult): { columns: string[]; rows: (string | number)[][] } {
  if (result.skipped !== undefined) return { columns: ['engineMemory'], rows: [[`skipped: ${result.skipped}`]] };
  return {
    columns: TABLE_COLUMNS,
    rows: result.runs.map((run) => [
      PROGRAM_LABEL[run.program],
      run.pool,
      ...PHASES.map((phase) => phaseCell(run.phases[phase])),
      run.bytes,
    ]),
  };
}

/** Why phases were not reached, one clause per run that stopped early (for the note). */
export function stoppedReasons(result: EngineMemoryResult): string[] {
  const reasons: string[] = [];
  for (const run of result.runs) {
    const first = PHASES.map((p) => [p, run.phases[p]] as const).find(([, o]) => o.status === 'out-of-memory' || o.status === 'not-reached');
    if (!first) continue;
    const [phase, o] = first;
    const what = o.status === 'out-of-memory' ? 'out of memory' : `not reached (${(o as { why: string }).why})`;
    reasons.push(`${PROGRAM_LABEL[run.program]} on ${run.pool}: ${phase} ${what}`);
  }
  return reasons;
}

/** The section's note: units, how each phase is read, the baselines, why runs stopped early, and the time taken. */
export function engineMemoryNote(result: EngineMemoryResult): string {
  if (result.skipped !== undefined) return 'no figures: the section needs the real Espruino engines';
  const baselines = result.baselines.map((b) => `${b.pool}: ${b.used ?? '?'}`).join(', ');
  const posts = result.runs
    .filter((r) => r.posts)
    .map((r) => `${r.program} ${r.pool}: ${r.posts!.received}/${r.posts!.asked}`)
    .join(', ');
  const stopped = stoppedReasons(result);
  return [
    'JsVars used/free (process.memory(), after a GC); code run from Storage as .bootcde',
    "aliot: after load / registering = the firmware's own memory lines (registering: on entering REGISTER), online idle and after 100 QoS1 = a REPL reading 1 s after online / after the 100th publish reached the cloud",
    'aliot: 100 QoS1 publishes = its answers to 50 QoS1 property sets from the cloud (a set reply and a property post each: the firmware exposes no link to the REPL)',
    "module: 100 QoS1 property posts over plain TCP, each sent on the previous one's PUBACK; it reads its own memory after load, 1 s after its SUBACK and 1 s after the last PUBACK (REPL input upsets the Linux engine while a program runs)",
    `publishes the cloud received: ${posts || 'none'}`,
    `empty engine: ${baselines} JsVars`,
    ...(stopped.length ? [`stopped: ${stopped.join('; ')}`] : []),
    ...faultNote(result),
    `section took ${Math.round(result.durationMs / 1000)} s`,
  ].join('; ');
}

function faultNote(result: EngineMemoryResult): string[] {
  const redone = result.runs.filter((r) => r.engineFaults && r.engineFaults.length > 0);
  if (redone.length === 0) return [];
  return [`done again after the engine failed on REPL input: ${redone.map((r) => `${r.program} ${r.pool} (${r.engineFaults!.length}x)`).join(', ')}`];
}
