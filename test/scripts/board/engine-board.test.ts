// The real Espruino engine as a board: its UART is the process's stdin/stdout, its flash ./espruino.flash in the
// board's directory; E.reboot() and unrequested exits restart it on the same flash, a power cut is SIGKILL.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineBoard } from '../../../scripts/board/engine/board';
import { EngineNotFoundError, resolveEngine, STOCK_ENGINE } from '../../../scripts/board/engine/locate';
import { onOneCpu, parseCpuList } from '../../../scripts/board/engine/one-cpu';
import { ConsoleLog } from '../../../scripts/serial/console-lines';
import { ReplClient } from '../../../scripts/serial/repl-client';
import { engineForTest } from '../../engines';

describe('locating an engine', () => {
  it('a path that does not exist is ENGINE_NOT_FOUND naming how to build one', () => {
    expect(() => resolveEngine('/nonexistent/espruino')).toThrow(EngineNotFoundError);
    expect(() => resolveEngine('/nonexistent/espruino')).toThrow(/make BOARD=LINUX/);
  });

  it('without a path or $ALIOT_ESPRUINO, and no engines directory, the error says where it looked', () => {
    expect(() => resolveEngine(undefined, { ALIOT_ENGINES_DIR: '/nonexistent/engines' })).toThrow(/\/nonexistent\/engines/);
  });
});

describe('one CPU for a REPL engine', () => {
  it('reads the CPU list the kernel gives (ranges and single CPUs) and ignores what does not parse', () => {
    expect(parseCpuList('0-3,6')).toEqual([0, 1, 2, 3, 6]);
    expect(parseCpuList('1\n')).toEqual([1]);
    expect(parseCpuList('x,2')).toEqual([2]);
    expect(parseCpuList('')).toEqual([]);
  });

  it.runIf(existsSync('/usr/bin/taskset') || existsSync('/bin/taskset'))('pins with taskset, round-robin over the allowed CPUs, the engine and its arguments unchanged', () => {
    const a = onOneCpu('/x/espruino', ['-e', '1']);
    const b = onOneCpu('/x/espruino', []);
    expect(a.args.slice(0, 2)).toEqual(['-c', String(a.cpu)]);
    expect(a.args.slice(2)).toEqual(['/x/espruino', '-e', '1']);
    expect(b.args.slice(2)).toEqual(['/x/espruino']);
    const allowed = parseCpuList(/^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]!);
    expect(allowed).toContain(a.cpu);
    if (allowed.length > 1) expect(b.cpu).not.toBe(a.cpu);
  });
});

const engine = engineForTest(STOCK_ENGINE);

describe.skipIf(!engine)(`the engine board (${STOCK_ENGINE})`, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function open() {
    const dir = mkdtempSync(join(tmpdir(), 'aliot-engine-board-'));
    const board = new EngineBoard({ engine: engine!, storageDir: dir });
    const log = new ConsoleLog();
    board.serial.on('data', (b: Buffer) => log.push(b.toString('latin1')));
    const repl = new ReplClient(board.serial, { label: 'engine' });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => board.dispose());
    await board.boot();
    await repl.sync();
    return { dir, board, log, repl };
  }

  it('keeps its flash in the board directory, and E.reboot() restarts it on that flash with the boot code run again', async () => {
    const { dir, board, log, repl } = await open();
    await repl.call('require("Storage").write(".bootcde","print(\\"booted \\"+require(\\"Storage\\").read(\\"mark\\"))")');
    await repl.call('require("Storage").write("mark","kept")');
    expect(existsSync(join(dir, 'espruino.flash'))).toBe(true);
    const since = log.mark();
    await repl.sendLine('E.reboot()');
    await log.waitFor(/^booted kept$/, 10_000, since);
    expect(board.starts).toBe(2);
    expect(await repl.call('1+1')).toBe(2);
  });

  it('a power cut is SIGKILL: the board is off (its UART drops input) until powered on, and comes back on the same flash', async () => {
    const { board, log, repl } = await open();
    await repl.call('require("Storage").write("mark","before the cut")');
    const pid = board.pid;
    await board.powerCut();
    expect(board.powerState).toBe('off');
    await repl.write('\x10print("lost")\n');
    await board.boot();
    expect(board.pid).not.toBe(pid);
    await repl.sync();
    expect(await repl.call('require("Storage").read("mark")')).toBe('before the cut');
    expect(log.lines.some((l) => l.text === 'lost')).toBe(false);
  });

  it('two Ctrl-C in quick succession do not end the engine (the Linux build exits on the second, a board never does)', async () => {
    const { board, repl } = await open();
    await repl.write('\x03');
    await repl.write('\x03');
    await new Promise((r) => setTimeout(r, 300));
    expect(board.starts).toBe(1);
    expect(await repl.call('"still " + "here"')).toBe('still here');
  });

  it('console lines come without the ANSI sequences Espruino uses to redraw its prompt', async () => {
    const { log, repl } = await open();
    const since = log.mark();
    await repl.write('\x10setTimeout(function(){print("from a timer")},10)\n');
    const line = await log.waitFor(/from a timer/, 5_000, since);
    expect(line.text).toBe('from a timer');
  });

  it.runIf(existsSync('/usr/bin/taskset') || existsSync('/bin/taskset'))('runs on one CPU, as a board has one JS core, so console input never corrupts its event queue', async () => {
    const { board, repl } = await open();
    const allowed = /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync(`/proc/${board.pid}/status`, 'utf8'))![1]!;
    expect(parseCpuList(allowed)).toHaveLength(1);
    // The main loop kept busy by a 3 ms interval while long lines arrive: unpinned, this stopped the engine
    // with ASSERT(len <= 64) in src/jsdevices.c within seconds.
    await repl.write('\x10setInterval(function(){var s="";for(var i=0;i<300;i++)s+=i;},3)\n');
    const pad = 'x'.repeat(120);
    for (let i = 0; i < 50; i++) expect(await repl.call(`${i}+"${pad}".length`)).toBe(i + 120);
    expect(board.starts).toBe(1);
  });
});
