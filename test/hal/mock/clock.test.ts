import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../hal/mock';

const WRAP = 2 ** 32;

describe('VirtualClock', () => {
  it('starts anywhere, including just before the 32-bit wrap, and wraps to 0', () => {
    const clock = new VirtualClock({ start: WRAP - 3 });
    expect(clock.now()).toBe(WRAP - 3);
    clock.advance(2);
    expect(clock.now()).toBe(WRAP - 1);
    clock.advance(1);
    expect(clock.now()).toBe(0);
    clock.advance(10);
    expect(clock.now()).toBe(10);
    expect(clock.elapsedMs()).toBe(13);
  });

  it('normalises a start outside [0, 2^32)', () => {
    expect(new VirtualClock({ start: WRAP + 5 }).now()).toBe(5);
    expect(new VirtualClock({ start: -1 }).now()).toBe(WRAP - 1);
  });

  it('fires timers in order across the wrap, each seeing now() at its due time', () => {
    const clock = new VirtualClock({ start: WRAP - 10 });
    const seen: Array<[string, number]> = [];
    clock.setTimer(25, () => seen.push(['c', clock.now()]));
    clock.setTimer(5, () => seen.push(['a', clock.now()]));
    clock.setTimer(15, () => seen.push(['b', clock.now()]));
    clock.advance(30);
    expect(seen).toEqual([
      ['a', WRAP - 5],
      ['b', 5],
      ['c', 15],
    ]);
    expect(clock.now()).toBe(20);
  });

  it('property: from any start, timers fire sorted by due time (ties in order set) at (start + delay) mod 2^32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: WRAP - 1 }), fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 30 }), (start, delays) => {
        const clock = new VirtualClock({ start });
        const fired: Array<{ i: number; at: number }> = [];
        delays.forEach((d, i) => clock.setTimer(d, () => fired.push({ i, at: clock.now() })));
        clock.advance(5000);
        const expected = delays.map((d, i) => ({ d, i })).sort((x, y) => x.d - y.d || x.i - y.i);
        expect(fired.map((f) => f.i)).toEqual(expected.map((e) => e.i));
        fired.forEach((f) => expect(f.at).toBe((start + delays[f.i]) % WRAP));
      }),
    );
  });

  it('advance() also runs timers that callbacks set for a time inside the window, and no later ones', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimer(10, () => {
      fired.push('first@10');
      clock.setTimer(5, () => fired.push('second@15'));
      clock.setTimer(50, () => fired.push('third@60'));
    });
    clock.advance(20);
    expect(fired).toEqual(['first@10', 'second@15']);
    expect(clock.pendingTimers()).toEqual([40]);
    clock.advance(40);
    expect(fired).toEqual(['first@10', 'second@15', 'third@60']);
  });

  it('runDue() runs what is due now, including 0 ms chains, without moving time', () => {
    const clock = new VirtualClock({ start: 100 });
    const fired: number[] = [];
    clock.setTimer(0, () => {
      fired.push(1);
      clock.setTimer(0, () => fired.push(2));
    });
    clock.setTimer(1, () => fired.push(3));
    clock.runDue();
    expect(fired).toEqual([1, 2]);
    expect(clock.now()).toBe(100);
  });

  it('runNext() jumps to the next timer; false when none is pending', () => {
    const clock = new VirtualClock();
    clock.setTimer(70, () => {});
    expect(clock.runNext()).toBe(true);
    expect(clock.now()).toBe(70);
    expect(clock.runNext()).toBe(false);
  });

  it('clearTimer cancels; unknown ids are ignored', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    const id = clock.setTimer(5, () => fired.push('x'));
    clock.clearTimer(id);
    clock.clearTimer(12345);
    clock.advance(10);
    expect(fired).toEqual([]);
  });

  it('wall time is unset until set, then advances with virtual time in whole milliseconds', () => {
    const clock = new VirtualClock();
    expect(clock.wallTime()).toBeUndefined();
    clock.setWallTime(1_700_000_000_000.7);
    expect(clock.wallTime()).toBe(1_700_000_000_000);
    clock.advance(1500);
    expect(clock.wallTime()).toBe(1_700_000_001_500);
    clock.setWallTime(undefined);
    expect(clock.wallTime()).toBeUndefined();
  });

  it('refuses to spin forever on a timer that re-arms itself at 0 ms', () => {
    const clock = new VirtualClock();
    const again = () => void clock.setTimer(0, again);
    clock.setTimer(0, again);
    expect(() => clock.runDue()).toThrow(/runaway/);
  });
});
