import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBudgets, parseBudgets } from '../../../scripts/bench/budgets';
import { inputFault, isEngineFault, waitForLine } from '../../../scripts/bench/engine-memory-board';
import { benchEngineMemory, locateEngines } from '../../../scripts/bench/engine-memory';
import { moduleClientProgram, parsePostedLine } from '../../../scripts/bench/engine-memory-module';
import {
  engineMemoryFigures,
  engineMemoryNote,
  engineMemoryTable,
  isOutOfMemory,
  measured,
  notReached,
  parseMemoryLine,
  parseReplMemory,
  PHASES,
  REPL_MEMORY_LINE,
  settlePhases,
  type EngineMemoryResult,
  type ProgramRun,
} from '../../../scripts/bench/engine-memory-readings';
import { engineMemorySection } from '../../../scripts/bench/engine-memory-section';
import { ConsoleLog } from '../../../scripts/serial/console-lines';
import { projectRoot } from '../../../scripts/project-root';

// The engine-memory bench without the engines: how its readings are read and reported. The figures themselves
// come from `aliot bench --section engineMemory`.

const OOM = { status: 'out-of-memory' } as const;

function run(program: ProgramRun['program'], pool: number, phases: Parameters<typeof settlePhases>[0], extra: Partial<ProgramRun> = {}): ProgramRun {
  return { program, engine: `espruino-2v29-esp32-${pool}`, pool, phases: settlePhases(phases, program), bytes: program === 'aliot' ? 131309 : 12830, durationMs: 1, ...extra };
}

/** Today's shape: the image cannot load on 4,000; on 8,000 it registers; the module runs everywhere. */
const result: EngineMemoryResult = {
  runs: [
    run('aliot', 4000, { load: OOM }),
    run('aliot', 8000, { load: measured({ used: 5781, free: 2219 }), registering: measured({ used: 7641, free: 359 }), online: OOM }),
    run('module', 4000, { load: measured({ used: 385, free: 3615 }), online: measured({ used: 480, free: 3520 }), posts: measured({ used: 496, free: 3504 }) }, { posts: { asked: 100, received: 100 } }),
  ],
  baselines: [{ engine: 'espruino-2v29-esp32-4000', pool: 4000, used: 47 }],
  imageBytes: 131309,
  moduleBytes: 12830,
  durationMs: 33000,
};

describe('engine memory: reading the console', () => {
  it("reads the firmware's and the module client's memory lines, and nothing else", () => {
    expect(parseMemoryLine('aliot: memory boot used=5754 free=2246 unit=jsvars')).toEqual({ program: 'aliot', phase: 'boot', used: 5754, free: 2246, unit: 'jsvars' });
    expect(parseMemoryLine('module: memory load used=385 free=3615 unit=jsvars')).toMatchObject({ program: 'module', phase: 'load', used: 385 });
    expect(parseMemoryLine('aliot: state REGISTER')).toBeUndefined();
    expect(parseMemoryLine('aliot: memory boot used=? free=1 unit=jsvars')).toBeUndefined();
  });

  it('reads the REPL memory line even behind a prompt, and asks for it in one line of at most 64 bytes that is not echoed', () => {
    expect(parseReplMemory('>@@mem {"free":3939,"usage":61,"total":4000,"history":0,"gc":0,"gctime":0.051,"blocksize":17}')).toEqual({ used: 61, free: 3939 });
    expect(parseReplMemory('@@mem {"free":')).toBeUndefined();
    expect(parseReplMemory('aliot: online')).toBeUndefined();
    expect(REPL_MEMORY_LINE.startsWith('\x10')).toBe(true);
    expect(REPL_MEMORY_LINE.endsWith('\n')).toBe(true);
    expect(Buffer.byteLength(REPL_MEMORY_LINE)).toBeLessThanOrEqual(64);
  });

  it("recognises Espruino's out-of-memory lines and a failed ASSERT", () => {
    expect(isOutOfMemory('OUT OF MEMORY    at  (:1:1)')).toBe(true);
    expect(isOutOfMemory('New interpreter error: LOW_MEMORY,MEMORY')).toBe(true);
    expect(isOutOfMemory('aliot: memory boot used=1 free=2 unit=jsvars')).toBe(false);
    expect(isEngineFault('>ASSERT(len <= 64) FAILED AT src/jsdevices.c:591')).toBe(true);
    expect(isEngineFault('aliot: online')).toBe(false);
  });

  it('a wait for a line ends at an out-of-memory line printed before it', async () => {
    const log = new ConsoleLog();
    log.push('aliot: boot espruino-linux firmware 0.1.0\r\nOUT OF MEMORY    at  (:1:1)\r\n');
    const wait = await waitForLine(log, (t) => parseMemoryLine(t), { since: 0, timeoutMs: 1000 });
    expect(wait.kind).toBe('out-of-memory');
  });

  it('a wait for a line finds it when it comes later, and times out when it never does', async () => {
    const log = new ConsoleLog();
    const found = waitForLine(log, (t) => parseMemoryLine(t), { since: 0, timeoutMs: 1000 });
    log.push('aliot: memory boot used=5754 free=2246 unit=jsvars\r\n');
    expect(await found).toMatchObject({ kind: 'found', value: { used: 5754 } });
    expect((await waitForLine(log, (t) => (t === 'aliot: online' ? true : undefined), { since: 1, timeoutMs: 20 })).kind).toBe('timeout');
  });

  it("counts a failed ASSERT, or out of memory while a REPL line is being answered, as the engine's input fault, and a program's own out of memory as not", () => {
    const line = (text: string, at: number) => ({ index: 0, text, at });
    expect(inputFault([line('>ASSERT(len <= 64) FAILED AT src/jsdevices.c:591', 5000)], [])).toBeDefined();
    expect(inputFault([line('>OUT OF MEMORYERROR: Ctrl-C while processing interval', 1010)], [{ sent: 1000, answered: 1050 }])).toBeDefined();
    expect(inputFault([line('OUT OF MEMORY    at pt (:1:1)', 3000)], [{ sent: 1000, answered: 1050 }])).toBeUndefined();
    expect(inputFault([line('OUT OF MEMORY    at  (:1:1)', 200)], [])).toBeUndefined();
  });

  it('a wait ends when the engine is gone', async () => {
    const wait = await waitForLine(new ConsoleLog(), () => undefined, { since: 0, timeoutMs: 5000, alive: () => false });
    expect(wait.kind).toBe('exited');
  });
});

describe('engine memory: phases, table and figures', () => {
  it('out of memory in one phase makes every later phase out of memory; the module has no registering phase', () => {
    const aliot = settlePhases({ load: measured({ used: 1, free: 2 }), registering: OOM }, 'aliot');
    expect(PHASES.map((p) => aliot[p].status)).toEqual(['measured', 'out-of-memory', 'out-of-memory', 'out-of-memory']);
    const module = settlePhases({ load: measured({ used: 1, free: 2 }), online: notReached('no SUBACK') }, 'module');
    expect(module.registering.status).toBe('not-applicable');
    expect(module.posts).toMatchObject({ status: 'not-reached', why: expect.stringContaining('no SUBACK') });
  });

  it('the table has one row per program and engine, with used/free, "out of memory" and "—" where a program has no such phase', () => {
    const table = engineMemoryTable(result);
    expect(table.columns).toEqual(['program', 'engine (JsVars)', 'after load', 'registering', 'online idle', 'after 100 QoS1', 'bytes']);
    expect(table.rows).toEqual([
      ['aliot image', 4000, 'out of memory', 'out of memory', 'out of memory', 'out of memory', 131309],
      ['aliot image', 8000, '5,781/2,219', '7,641/359', 'out of memory', 'out of memory', 131309],
      ["Espruino's MQTT module", 4000, '385/3,615', '—', '480/3,520', '496/3,504', 12830],
    ]);
  });

  it('figures carry only measured phases (an out-of-memory phase reports no number), with loads and online as 0/1', () => {
    const f = engineMemoryFigures(result);
    expect(f).toMatchObject({ aliot4000Loads: 0, aliot4000Online: 0, aliot8000Loads: 1, aliot8000Online: 0, aliot8000LoadUsed: 5781, aliot8000RegisteringUsed: 7641 });
    expect(f).toMatchObject({ module4000OnlineUsed: 480, module4000OnlineFree: 3520, module4000PostsUsed: 496, module4000PostsReceived: 100, module4000Online: 1 });
    expect(f).toMatchObject({ imageBytes: 131309, moduleBytes: 12830, imageToModuleBytes: 10.23 });
    expect(f).not.toHaveProperty('aliot4000LoadUsed');
    expect(f).not.toHaveProperty('aliot8000OnlineUsed');
  });

  it('the note says how the publishes were made, the empty-engine baseline and why runs stopped', () => {
    const note = engineMemoryNote(result);
    expect(note).toContain('50 QoS1 property sets');
    expect(note).toContain('empty engine: 4000: 47');
    expect(note).toContain('aliot image on 4000: load out of memory');
  });
});

describe('engine memory: without the engines', () => {
  it('is skipped, saying how to get an engine, and reports no figure but "skipped"', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'aliot-no-engines-'));
    try {
      const env = { ALIOT_ENGINES_DIR: empty };
      expect(locateEngines(env).missing).toEqual(['espruino-2v29-esp32-4000', 'espruino-2v29-esp32-8000']);
      const r = await benchEngineMemory({ env });
      expect(r.skipped).toMatch(/no engine espruino-2v29-esp32-4000, espruino-2v29-esp32-8000 in .*: build Espruino for Linux/);
      expect(r.runs).toEqual([]);
      expect(engineMemoryFigures(r)).toEqual({ skipped: 1 });
      expect(engineMemoryTable(r).rows[0]![0]).toMatch(/^skipped: no engine/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("a skipped section's budgets are listed as not measured and do not fail; a section that ran still fails a missing figure", () => {
    const budgets = parseBudgets(readFileSync(path.join(projectRoot, 'bench/budgets.json'), 'utf8'));
    expect(Object.keys(budgets.engineMemory ?? {}).length).toBeGreaterThan(0);
    const skipped = checkBudgets({ engineMemory: { skipped: 1 } }, budgets);
    expect(skipped.length).toBe(Object.keys(budgets.engineMemory!).length);
    expect(skipped.every((c) => c.ok && c.skipped && /not measured \(the section was skipped\)/.test(c.message))).toBe(true);
    const ran = checkBudgets({ engineMemory: { imageBytes: 1 } }, { engineMemory: { aliot8000LoadUsed: { max: 6000 } } });
    expect(ran[0]).toMatchObject({ ok: false, message: 'engineMemory.aliot8000LoadUsed: not reported' });
  });

  it('every engineMemory budget names a figure the section can report, and says why', () => {
    const budgets = parseBudgets(readFileSync(path.join(projectRoot, 'bench/budgets.json'), 'utf8')).engineMemory!;
    const all = (program: ProgramRun['program'], pool: number) =>
      run(program, pool, { load: measured({ used: 1, free: 1 }), registering: measured({ used: 1, free: 1 }), online: measured({ used: 1, free: 1 }), posts: measured({ used: 1, free: 1 }) }, { posts: { asked: 100, received: 100 } });
    const everything = engineMemoryFigures({ ...result, runs: [all('aliot', 4000), all('aliot', 8000), all('module', 4000), all('module', 8000)] });
    for (const [figure, budget] of Object.entries(budgets)) {
      expect(everything, figure).toHaveProperty(figure);
      expect(budget.why, figure).toBeTruthy();
    }
  });

  it('the section is registered in aliot bench', async () => {
    const { sections } = await import('../../../scripts/bench/index');
    expect(sections).toContain(engineMemorySection);
  });
});

describe('engine memory: the MQTT module client', () => {
  const program = moduleClientProgram({
    host: '127.0.0.1',
    port: 1883,
    clientId: 'pk.dn|securemode=3,signmethod=hmacsha256,timestamp=2524608000000|',
    username: 'dn&pk',
    password: 'ABCDEF',
    subscribeTopic: '/sys/pk/dn/thing/service/property/set',
    publishTopic: '/sys/pk/dn/thing/event/property/post',
  });

  it('is ES5 that parses, requires the module from Storage, subscribes and publishes at QoS1, and reads its own memory at load, online and after the posts', () => {
    expect(() => new Function(program)).not.toThrow();
    expect(program).toContain('require("MQTT")');
    expect(program).toContain('c.subscribe("/sys/pk/dn/thing/service/property/set",{qos:1})');
    expect(program).toMatch(/c\.publish\("\/sys\/pk\/dn\/thing\/event\/property\/post",.*\{qos:1\}\)/);
    expect(program).not.toMatch(/=>|\blet\b|\bconst\b|`/);
    for (const phase of ['load', 'online', 'posts']) expect(program).toContain(`mark("${phase}")`);
  });

  it('reads how many of its QoS1 publishes were acknowledged', () => {
    expect(parsePostedLine('module: posted 100 acked 100')).toBe(100);
    expect(parsePostedLine('module: online')).toBeUndefined();
  });
});
