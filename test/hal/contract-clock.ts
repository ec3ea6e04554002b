import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardFactory, ContractBoard } from './harness';

export function clockContract(factory: BoardFactory): void {
  describe('clock', () => {
    let board: ContractBoard;
    beforeEach(async () => {
      board = await factory.create();
    });
    afterEach(async () => {
      await board.dispose();
    });

    it('now() is an integer in [0, 2^32) that does not go backwards (before a wrap)', async () => {
      const a = board.hal.clock.now();
      await board.pass(5);
      const b = board.hal.clock.now();
      for (const n of [a, b]) {
        expect(Number.isInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n).toBeLessThan(2 ** 32);
      }
      expect((b - a + 2 ** 32) % 2 ** 32).toBeGreaterThanOrEqual(5);
    });

    it('fires timers in the order they fall due, equal delays in the order set', async () => {
      const fired: string[] = [];
      board.hal.clock.setTimer(30, () => fired.push('30'));
      board.hal.clock.setTimer(10, () => fired.push('10a'));
      board.hal.clock.setTimer(20, () => fired.push('20'));
      board.hal.clock.setTimer(10, () => fired.push('10b'));
      board.hal.clock.setTimer(0, () => fired.push('0'));
      expect(fired).toEqual([]);
      await board.waitFor(() => fired.length === 5, 'all timers');
      expect(fired).toEqual(['0', '10a', '10b', '20', '30']);
    });

    it('fires a timer no earlier than its delay', async () => {
      const start = board.hal.clock.now();
      let at = -1;
      board.hal.clock.setTimer(25, () => (at = board.hal.clock.now()));
      await board.waitFor(() => at >= 0, 'timer');
      expect((at - start + 2 ** 32) % 2 ** 32).toBeGreaterThanOrEqual(25);
    });

    it('a cleared timer never fires; clearing an unknown or fired id is ignored', async () => {
      const fired: string[] = [];
      const a = board.hal.clock.setTimer(10, () => fired.push('a'));
      board.hal.clock.setTimer(20, () => fired.push('b'));
      board.hal.clock.clearTimer(a);
      board.hal.clock.clearTimer(987654);
      await board.waitFor(() => fired.length === 1, 'b');
      await board.pass(30);
      expect(fired).toEqual(['b']);
      board.hal.clock.clearTimer(a);
    });

    it('a timer set from a timer callback fires too', async () => {
      const fired: string[] = [];
      board.hal.clock.setTimer(5, () => {
        fired.push('outer');
        board.hal.clock.setTimer(5, () => fired.push('inner'));
      });
      await board.waitFor(() => fired.length === 2, 'inner');
      expect(fired).toEqual(['outer', 'inner']);
    });

    it('wallTime() is undefined or whole milliseconds since 1970', () => {
      const wall = board.hal.clock.wallTime();
      if (wall !== undefined) {
        expect(Number.isInteger(wall)).toBe(true);
        expect(wall).toBeGreaterThan(0);
      }
    });
  });
}
