import { describe, expect, it } from 'vitest';
import { EspruinoProfile, ProfileError, runImage } from '../../../scripts/board/profile';

describe('profile guards', () => {
  it('a runaway loop is interrupted at the deadline with a clear error', async () => {
    const started = Date.now();
    const run = await runImage('while (true) {}', { maxRunMs: 200 });
    expect(run.error).toEqual({
      name: 'Timeout',
      message: 'eval of image.js ran for more than 200 ms without returning and was interrupted (runaway loop?)',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('the deadline cannot be caught by the program', async () => {
    const run = await runImage('try { for (;;) {} } catch (e) { print("caught") }', { maxRunMs: 100 });
    expect(run.error?.name).toBe('Timeout');
    expect(run.output).toEqual([]);
  });

  it('a runaway timer callback is interrupted and the profile keeps running', async () => {
    const p = await EspruinoProfile.create({ maxRunMs: 100 });
    try {
      p.eval('setTimeout(function () { for (;;) {} }, 10); setTimeout(print, 20, "next")');
      p.advance(30);
      expect(p.uncaughtErrors().map((e) => e.name)).toEqual(['Timeout']);
      expect(p.output().at(-1)).toBe('next');
      expect(p.eval('1 + 1')).toEqual({ ok: true, value: 2 });
    } finally {
      p.dispose();
    }
  });

  it('deep recursion is a catchable stack overflow, not a crash of the host', async () => {
    const p = await EspruinoProfile.create();
    try {
      p.eval('function down(n) { return down(n + 1) + 1 }');
      expect(() => p.call('down', 0)).toThrow(ProfileError);
      expect(p.eval('try { down(0) } catch (e) { "caught " + e.name }')).toEqual({ ok: true, value: 'caught InternalError' });
      expect(p.fatalError()).toBeUndefined();
    } finally {
      p.dispose();
    }
  });

  it('a syntax error in the image is reported with its name and message', async () => {
    const run = await runImage('var = 1;');
    expect(run.error?.name).toBe('SyntaxError');
  });
});

describe('profile disposal', () => {
  it('a profile that ran timers, bridge calls, errors and interrupts disposes cleanly (QuickJS asserts no object leaked)', async () => {
    const p = await EspruinoProfile.create({ maxRunMs: 100, allowGlobals: ['Promise'] });
    p.defineHostFunction('__host.echo', (...args) => args);
    p.eval('function make(a) { return { a: a, b: new Uint8Array([1]) } }');
    p.eval('setTimeout(function () { throw new Error("x") }, 5); setInterval(function () { __host.echo("a\\u0000b", {q: [1]}) }, 10)');
    p.eval('Promise.reject(new Error("no")).then(null, function () { print("handled") })');
    p.call('make', { x: new Uint8Array([1, 2]) }, 'a\u0000b');
    p.advance(25);
    p.eval('for (;;) {}');
    p.eval('function down() { down() } try { down() } catch (e) {}');
    expect(() => p.call('nope.x')).toThrow();
    expect(p.fatalError()).toBeUndefined();
    expect(() => p.dispose()).not.toThrow();
  });
});
