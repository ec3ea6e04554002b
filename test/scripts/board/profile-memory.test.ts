import { describe, expect, it } from 'vitest';
import { EspruinoProfile, runImage } from '../../../scripts/board/profile';

const ALLOCATING_IMAGE = `(function () {
  var list = [];
  for (var i = 0; i < 2000; i++) list.push({ index: i, name: 'item' + i });
  globalThis.keep = list;
  print('allocated', list.length);
})();`;

describe('profile memory', () => {
  it('reports before < after for an image that allocates, and a peak at least as large', async () => {
    const run = await runImage(ALLOCATING_IMAGE);
    expect(run.error).toBeUndefined();
    expect(run.output).toEqual(['allocated 2000']);
    expect(run.memory.before).toBeGreaterThan(0);
    expect(run.memory.after).toBeGreaterThan(run.memory.before + 50_000);
    expect(run.memory.peakSeen).toBeGreaterThanOrEqual(run.memory.after);
  });

  it('records __aliotMark points in order, with the memory in use at each', async () => {
    const run = await runImage(`(function () {
      var mark = typeof __aliotMark === 'function' ? __aliotMark : function () {};
      mark('boot');
      var big = []; for (var i = 0; i < 1000; i++) big.push('x' + i);
      mark('after-alloc');
      setTimeout(function () { big = null; mark('released'); }, 10);
    })();`);
    expect(run.memory.marks.map((m) => m.name)).toEqual(['boot', 'after-alloc', 'released']);
    const [boot, afterAlloc, released] = run.memory.marks.map((m) => m.usedBytes);
    expect(afterAlloc).toBeGreaterThan(boot!);
    expect(released).toBeLessThan(afterAlloc!);
    expect(run.memory.peakSeen).toBeGreaterThanOrEqual(afterAlloc!);
  });

  it('memory() on a live profile reads the current use and keeps the peak', async () => {
    const p = await EspruinoProfile.create();
    try {
      const empty = p.memory().usedBytes;
      p.eval('var s = []; for (var i = 0; i < 500; i++) s.push({i: i});');
      const grown = p.memory().usedBytes;
      p.eval('s = null;');
      const m = p.memory();
      expect(grown).toBeGreaterThan(empty);
      expect(m.usedBytes).toBeLessThan(grown);
      expect(m.peakBytes).toBeGreaterThanOrEqual(grown);
    } finally {
      p.dispose();
    }
  });

  it.each([
    ['objects', 'var a = []; for (;;) a.push({i: a.length, s: "v" + a.length});'],
    ['buffers', 'var a = []; for (;;) a.push(new Uint8Array(20000));'],
    ['one huge buffer', 'var b = new Uint8Array(100000000);'],
    ['timer callbacks', 'var a = []; setInterval(function () { for (var i = 0; i < 200; i++) a.push({i: i}); }, 10);'],
  ])('an image allocating without bound (%s) under a limit ends with OutOfMemory and the host survives', async (_label, image) => {
    const run = await runImage(image, { memoryLimitBytes: 400_000 });
    expect(run.error?.name).toBe('OutOfMemory');
    expect(run.memory.after).toBeGreaterThan(0);
    expect(run.memory.peakSeen).toBeGreaterThanOrEqual(run.memory.before);
    const next = await runImage('print("still here")');
    expect(next.output).toEqual(['still here']);
  });

  it('out of memory cannot be caught by the program, as on Espruino', async () => {
    const run = await runImage(
      'try { var a = []; for (;;) a.push(new Uint8Array(20000)); } catch (e) { print("caught", e.message) }',
      { memoryLimitBytes: 400_000 },
    );
    expect(run.error?.name).toBe('OutOfMemory');
    expect(run.output).toEqual([]);
  });

  it('after an out-of-memory the profile refuses to run more and reports the same error', async () => {
    const p = await EspruinoProfile.create({ memoryLimitBytes: 400_000 });
    try {
      const first = p.eval('var a = []; for (;;) a.push(new Uint8Array(20000));');
      expect(first).toMatchObject({ ok: false, error: { name: 'OutOfMemory' } });
      expect(p.eval('1 + 1')).toEqual(first);
      expect(p.fatalError()).toEqual(!first.ok && first.error);
      expect(p.hasPendingTimers()).toBe(false);
    } finally {
      p.dispose();
    }
  });

  it('a buffer allocation over the limit is stopped before the next one (buffers are charged exactly)', async () => {
    const run = await runImage('var a = []; for (;;) a.push(new Uint8Array(20000));', { memoryLimitBytes: 400_000 });
    expect(run.error?.name).toBe('OutOfMemory');
    expect(run.memory.after).toBeLessThan(400_000 + 20_000 + 5_000);
  });
});
