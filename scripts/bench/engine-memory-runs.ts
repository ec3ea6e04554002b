// One program on one engine, phase by phase, for the engine-memory bench.
//   aliot:  after load = the firmware's "aliot: memory boot" line (image evaluated, HAL made); registering = its
//           "aliot: memory registering" line (printed on entering REGISTER); online idle = process.memory() over
//           the REPL 1 s after "aliot: online"; after 100 QoS1 = the same reading 1 s after the cloud received 100
//           QoS1 publishes from the board. The firmware exposes no link to the REPL (no global), so the publishes
//           come from its own thing code: the cloud sends 50 property sets at QoS1, one after the other, and the
//           demo thing answers each with a set reply and a property post, both QoS1 (firmware/app/device.ts).
//   module: the client reads its own memory (engine-memory-module.ts): after load (module required, client made,
//           not connected), online idle (1 s after its SUBACK) and after 100 QoS1 (1 s after the last PUBACK).
// Every reading is process.memory() (a garbage collection first) in JsVars. Out of memory at any point ends the
// run: that phase and the later ones are "out of memory".
import type { RunningCloud } from '../cloud/index';
import { thingTopics } from '../../src/thing/topics';
import { maskConsoleLine } from '../serial/mask';
import { BenchEngine, isEngineFault, sleep, type LineWait } from './engine-memory-board';
import { MODULE_POSTS, parsePostedLine } from './engine-memory-module';
import { isOutOfMemory, measured, notReached, parseMemoryLine, PHASES, settlePhases, type PhaseName, type PhaseOutcome, type Program, type ProgramRun } from './engine-memory-readings';

export interface RunTimeouts {
  /** Engine start to the after-load line. */
  loadMs: number;
  /** Each later step (registration, online, the posts). */
  stepMs: number;
}

export const RUN_TIMEOUTS: RunTimeouts = { loadMs: 15000, stepMs: 30000 };
/** How long the program idles before a REPL reading. */
export const SETTLE_MS = 1000;
/** Console lines kept in the results of a run that stopped early. */
const LAST_LINES = 12;
/** Property sets the cloud sends to aliot; each one brings a set reply and a property post. */
export const PROPERTY_SETS = 50;

export interface RunTarget {
  /** Path of the engine binary, its file name, its JsVar pool. */
  engine: string;
  engineName: string;
  pool: number;
  /** A fresh directory for this board. */
  dir: string;
  /** The prepared flash to copy. */
  flash: string;
  /** Bytes of the program's source. */
  bytes: number;
}

/** The cloud and the device a program logs in as. */
export interface RunContext {
  cloud: RunningCloud;
  productKey: string;
  deviceName: string;
  timeouts?: RunTimeouts;
}

type Reading = { used: number; free: number };
type Step<T> = { ok: true; value: T; index: number } | { ok: false; outcome: PhaseOutcome };

function memoryLine(program: Program, phase: string) {
  return (text: string): Reading | undefined => {
    const m = parseMemoryLine(text);
    return m && m.program === program && m.phase === phase ? { used: m.used, free: m.free } : undefined;
  };
}

function exactly(wanted: string) {
  return (text: string): true | undefined => (text.trim() === wanted ? true : undefined);
}

/** The last "<program>: error|halted|offline …" line, for the reason a phase was not reached. */
function lastComplaint(board: BenchEngine, program: Program): string | undefined {
  const pattern = new RegExp(`^${program}: (error|halted|offline)\\b`);
  return board.console.lines
    .map((l) => l.text.trim())
    .filter((t) => pattern.test(t))
    .pop();
}

function missed(wait: Exclude<LineWait<unknown>, { kind: 'found' }>, board: BenchEngine, program: Program, what: string, timeoutMs: number): PhaseOutcome {
  if (wait.kind === 'out-of-memory') return { status: 'out-of-memory' };
  if (wait.kind === 'engine-fault') return notReached(`the engine failed an ASSERT: ${wait.line.text.trim()}`);
  if (wait.kind === 'exited') return notReached(`the engine exited; its last line: ${board.lastLines(1)[0] ?? '(none)'}`);
  const complaint = lastComplaint(board, program);
  return notReached(`no ${what} within ${timeoutMs / 1000} s${complaint ? `; last: ${complaint}` : ''}`);
}

/** Waits for a console line that `pick` accepts; when there is none, the phase's outcome. */
async function step<T>(board: BenchEngine, program: Program, pick: (text: string) => T | undefined, since: number, timeoutMs: number, what: string): Promise<Step<T>> {
  const wait = await board.waitFor(pick, since, timeoutMs);
  if (wait.kind === 'found') return { ok: true, value: wait.value, index: wait.line.index };
  return { ok: false, outcome: missed(wait, board, program, what, timeoutMs) };
}

/** process.memory() over the REPL once the program has idled SETTLE_MS. */
async function replReading(board: BenchEngine, program: Program): Promise<PhaseOutcome> {
  await sleep(SETTLE_MS);
  const wait = await board.readMemory(5000);
  return wait.kind === 'found' ? measured(wait.value) : missed(wait, board, program, 'answer to the REPL memory reading', 5000);
}

/** Polls `done`; out of memory since `since`, the engine's exit or the timeout end the wait. */
async function until(board: BenchEngine, done: () => boolean, since: number, timeoutMs: number): Promise<Exclude<LineWait<never>, { kind: 'found' }> | { kind: 'done' }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done()) return { kind: 'done' };
    for (const line of board.console.from(since)) {
      if (isOutOfMemory(line.text)) return { kind: 'out-of-memory', line };
      if (isEngineFault(line.text)) return { kind: 'engine-fault', line };
    }
    if (!board.running) return { kind: 'exited' };
    if (Date.now() >= deadline) return { kind: 'timeout' };
    await sleep(20);
  }
}

/** Counts the device's QoS1 publishes that reach the cloud, by topic, until stopped. */
function countUplinks(ctx: RunContext): { count: (topic: string) => number; stop: () => void } {
  const counts = new Map<string, number>();
  const stop = ctx.cloud.events.subscribe((e) => {
    if (e.type !== 'published' || e.direction !== 'up' || e.productKey !== ctx.productKey || e.deviceName !== ctx.deviceName || e.qos !== 1) return;
    counts.set(e.topic, (counts.get(e.topic) ?? 0) + 1);
  });
  return { count: (topic) => counts.get(topic) ?? 0, stop };
}

type Phases = (board: BenchEngine, got: Partial<Record<PhaseName, PhaseOutcome>>, run: ProgramRun) => Promise<void>;

/** Attempts per run: a run in which the engine failed on its REPL input is done again on a fresh copy of the flash. */
export const ATTEMPTS = 3;

/**
 * Boots `target` on a fresh copy of its flash, runs `phases`, and always disposes the engine; a run in which the
 * engine failed on its REPL input (inputFault: not the program's doing) is discarded and done again, up to
 * ATTEMPTS times; the last attempt is reported whatever it met.
 */
async function runProgram(program: Program, target: RunTarget, phases: Phases, beforeAttempt: () => void = () => undefined): Promise<ProgramRun> {
  const started = Date.now();
  const faults: string[] = [];
  for (let attempt = 1; ; attempt++) {
    beforeAttempt();
    const got: Partial<Record<PhaseName, PhaseOutcome>> = {};
    const run: ProgramRun = { program, engine: target.engineName, pool: target.pool, phases: settlePhases({}, program), bytes: target.bytes, durationMs: 0 };
    const board = await BenchEngine.start(target.engine, `${target.dir}-${attempt}`, target.flash);
    try {
      await phases(board, got, run);
    } catch (error) {
      // A tool failure (the cloud, the UART) ends the run where it was; the section reports it, not throws it.
      const at = PHASES.find((p) => got[p] === undefined && !(program === 'module' && p === 'registering'));
      if (at) got[at] = notReached(`the bench failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await board.dispose();
    }
    run.phases = settlePhases(got, program);
    if (run.phases.posts.status !== 'measured') run.lastLines = board.lastLines(LAST_LINES).map(maskConsoleLine);
    const fault = board.inputFault();
    if (fault !== undefined) faults.push(fault);
    if (fault === undefined || attempt >= ATTEMPTS) {
      if (faults.length > 0) run.engineFaults = faults;
      run.durationMs = Date.now() - started;
      return run;
    }
  }
}

export function runAliot(target: RunTarget, ctx: RunContext & { beforeAttempt?: () => void }): Promise<ProgramRun> {
  const t = ctx.timeouts ?? RUN_TIMEOUTS;
  return runProgram('aliot', target, async (board, got, run) => {
    const load = await step(board, 'aliot', memoryLine('aliot', 'boot'), 0, t.loadMs, '"aliot: memory boot" line');
    got.load = load.ok ? measured(load.value) : load.outcome;
    if (!load.ok) return;
    const registering = await step(board, 'aliot', memoryLine('aliot', 'registering'), load.index + 1, t.stepMs, '"aliot: memory registering" line');
    got.registering = registering.ok ? measured(registering.value) : registering.outcome;
    if (!registering.ok) return;
    const online = await step(board, 'aliot', exactly('aliot: online'), registering.index + 1, t.stepMs, '"aliot: online"');
    if (!online.ok) {
      got.online = online.outcome;
      return;
    }
    const firmware = await board.waitFor(memoryLine('aliot', 'online'), online.index + 1, 2000);
    if (firmware.kind === 'found') run.firmwareOnline = firmware.value;
    got.online = await replReading(board, 'aliot');
    if (got.online.status !== 'measured') return;
    got.posts = await aliotPosts(board, ctx, run, t.stepMs);
  }, ctx.beforeAttempt);
}

/** PROPERTY_SETS property sets from the cloud, each answered by a QoS1 set reply and a QoS1 property post. */
async function aliotPosts(board: BenchEngine, ctx: RunContext, run: ProgramRun, timeoutMs: number): Promise<PhaseOutcome> {
  const topics = thingTopics(ctx.productKey, ctx.deviceName);
  const uplinks = countUplinks(ctx);
  const since = board.console.mark();
  const received = () => uplinks.count(topics.propertySetReply) + uplinks.count(topics.propertyPost);
  const posts = { asked: 2 * PROPERTY_SETS, received: 0 };
  run.posts = posts;
  try {
    for (let i = 1; i <= PROPERTY_SETS; i++) {
      const set = `{"id":"${i}","version":"1.0","params":{"Brightness":${i % 100}},"method":"thing.service.property.set"}`;
      await ctx.cloud.publishToDevice(ctx.productKey, ctx.deviceName, topics.propertySet, set, 1);
      const answered = await until(board, () => uplinks.count(topics.propertySetReply) >= i && uplinks.count(topics.propertyPost) >= i, since, timeoutMs);
      posts.received = received();
      if (answered.kind !== 'done') return missed(answered, board, 'aliot', `answer to property set ${i} of ${PROPERTY_SETS}`, timeoutMs);
    }
  } finally {
    uplinks.stop();
  }
  return replReading(board, 'aliot');
}

export function runModule(target: RunTarget, ctx: RunContext & { publishTopic: string }): Promise<ProgramRun> {
  const t = ctx.timeouts ?? RUN_TIMEOUTS;
  return runProgram('module', target, async (board, got, run) => {
    const uplinks = countUplinks(ctx);
    try {
      const load = await step(board, 'module', memoryLine('module', 'load'), 0, t.loadMs, '"module: memory load" line');
      got.load = load.ok ? measured(load.value) : load.outcome;
      if (!load.ok) return;
      const online = await step(board, 'module', memoryLine('module', 'online'), load.index + 1, t.stepMs, '"module: memory online" line (1 s after its SUBACK)');
      got.online = online.ok ? measured(online.value) : online.outcome;
      if (!online.ok) return;
      const posts = { asked: MODULE_POSTS, received: 0 };
      run.posts = posts;
      const acked = await step(board, 'module', parsePostedLine, online.index + 1, t.stepMs, `"module: posted ${MODULE_POSTS} acked ${MODULE_POSTS}"`);
      posts.received = uplinks.count(ctx.publishTopic);
      if (!acked.ok) {
        got.posts = acked.outcome;
        return;
      }
      const after = await step(board, 'module', memoryLine('module', 'posts'), acked.index + 1, t.stepMs, '"module: memory posts" line');
      got.posts = after.ok ? measured(after.value) : after.outcome;
      posts.received = uplinks.count(ctx.publishTopic);
    } finally {
      uplinks.stop();
    }
  });
}
