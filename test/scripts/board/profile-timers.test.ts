import { afterEach, describe, expect, it } from 'vitest';
import { EspruinoProfile, type ProfileOptions } from '../../../scripts/board/profile';
import { TimerQueue } from '../../../scripts/board/profile/timers';

describe('TimerQueue', () => {
  it('hands out due timers by due time, then by the order they were scheduled', () => {
    const q = new TimerQueue();
    const late = q.add(0, 20, false);
    const early = q.add(0, 10, false);
    const alsoEarly = q.add(0, 10, false);
    expect(q.takeDue(5)).toBeUndefined();
    expect([q.takeDue(30), q.takeDue(30), q.takeDue(30), q.takeDue(30)]).toEqual([
      { id: early, last: true },
      { id: alsoEarly, last: true },
      { id: late, last: true },
      undefined,
    ]);
  });

  it('reschedules an interval one period after its due time and clears by id', () => {
    const q = new TimerQueue();
    const id = q.add(0, 10, true);
    expect(q.takeDue(10)).toEqual({ id, last: false });
    expect(q.nextDue()).toBe(20);
    expect(q.clear(id)).toBe(true);
    expect(q.clear(id)).toBe(false);
    expect(q.size).toBe(0);
  });

  it('ids start at 1 so that `if (timer)` works in firmware', () => {
    expect(new TimerQueue().add(0, 0, false)).toBe(1);
  });
});

let profile: EspruinoProfile | undefined;
afterEach(() => {
  profile?.dispose();
  profile = undefined;
});
async function open(options: ProfileOptions = {}): Promise<EspruinoProfile> {
  profile = await EspruinoProfile.create(options);
  return profile;
}

describe('profile timers on the virtual clock', () => {
  it('timers fire in due-time order as the clock advances, with their extra arguments', async () => {
    const p = await open();
    p.eval('setTimeout(function () { print("c") }, 30); setTimeout(print, 10, "a", 1); setTimeout(function () { print("b") }, 20)');
    p.advance(15);
    expect(p.output()).toEqual(['a 1']);
    p.advance(100);
    expect(p.output()).toEqual(['a 1', 'b', 'c']);
  });

  it('a timer sees the virtual time it was due at', async () => {
    const p = await open();
    p.eval('setTimeout(function () { print(getTime()) }, 250)');
    p.advance(1000);
    expect(p.output()).toEqual(['0.25']);
    expect(p.now()).toBe(1000);
  });

  it('clearTimeout stops a pending timeout; clearTimeout(undefined) throws; an unknown id is ignored', async () => {
    const p = await open();
    p.eval('var t = setTimeout(function () { print("fired") }, 10); clearTimeout(t); clearTimeout(12345)');
    p.advance(50);
    expect(p.output()).toEqual([]);
    expect(p.eval('clearTimeout(undefined)')).toMatchObject({ ok: false, error: { name: 'Error' } });
  });

  it('clearTimeout() with no argument clears every timer', async () => {
    const p = await open();
    p.eval('setTimeout(print, 10, "a"); setInterval(print, 10, "b"); clearTimeout()');
    expect(p.hasPendingTimers()).toBe(false);
  });

  it('setInterval repeats until clearInterval', async () => {
    const p = await open();
    p.eval('var n = 0; var iv = setInterval(function () { n++; print("tick", n); if (n === 3) clearInterval(iv); }, 100)');
    p.advance(1000);
    expect(p.output()).toEqual(['tick 1', 'tick 2', 'tick 3']);
    expect(p.hasPendingTimers()).toBe(false);
  });

  it('runUntilIdle returns when nothing is pending, having jumped straight to each due time', async () => {
    const p = await open();
    p.eval('setTimeout(function () { print("one"); setTimeout(function () { print("two") }, 5000) }, 1000)');
    await p.runUntilIdle();
    expect(p.output()).toEqual(['one', 'two']);
    expect(p.hasPendingTimers()).toBe(false);
    expect(p.now()).toBe(6000);
  });

  it('runUntilIdle stops at maxMs when an interval never ends', async () => {
    const p = await open();
    p.eval('setInterval(function () {}, 100)');
    await p.runUntilIdle({ maxMs: 1000 });
    expect(p.hasPendingTimers()).toBe(true);
    expect(p.now()).toBe(1000);
  });

  it('runTimers fires only what is due now', async () => {
    const p = await open();
    p.eval('setTimeout(print, 0, "now"); setTimeout(print, 1, "later")');
    p.runTimers();
    expect(p.output()).toEqual(['now']);
  });

  it('an error thrown by a timer callback is printed as Uncaught and the other timers still run', async () => {
    const p = await open();
    p.eval('setTimeout(function () { throw new Error("boom") }, 10); setTimeout(print, 20, "after")');
    await p.runUntilIdle();
    expect(p.output()).toEqual(['Uncaught Error: boom', 'after']);
    expect(p.uncaughtErrors()).toMatchObject([{ name: 'Error', message: 'boom' }]);
  });

  it('timers that re-arm themselves with no delay are cut off with a clear error', async () => {
    const p = await open();
    p.eval('function again() { setTimeout(again, 0) } again()');
    await p.runUntilIdle({ maxMs: 10 });
    expect(p.uncaughtErrors().at(-1)?.message).toMatch(/re-arm with no delay/);
  });
});

describe('profile timers on the real clock', () => {
  it('runUntilIdle waits for a real timer to come due', async () => {
    const p = await open({ clock: 'real' });
    p.eval('setTimeout(print, 30, "real")');
    const started = Date.now();
    await p.runUntilIdle({ maxMs: 2000 });
    expect(p.output()).toEqual(['real']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('advance() refuses to run on the real clock', async () => {
    const p = await open({ clock: 'real' });
    expect(() => p.advance(10)).toThrow(/virtual/);
  });
});
