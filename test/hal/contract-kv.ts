import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractBoard, BoardFactory } from './harness';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

export function kvContract(factory: BoardFactory): void {
  describe('kv', () => {
    let board: ContractBoard;
    beforeEach(async () => {
      board = await factory.create();
    });
    afterEach(async () => {
      await board.dispose();
    });

    it('returns what was stored, byte for byte, for all 256 8-bit characters', () => {
      expect(board.hal.kv.set('blob', ALL_BYTES)).toBeNull();
      expect(board.hal.kv.get('blob')).toBe(ALL_BYTES);
    });

    it('stores the empty string as a value distinct from absence', () => {
      expect(board.hal.kv.set('empty', '')).toBeNull();
      expect(board.hal.kv.get('empty')).toBe('');
    });

    it('returns undefined for a key never stored', () => {
      expect(board.hal.kv.get('never-stored')).toBeUndefined();
    });

    it('overwrites: the last value set wins', () => {
      board.hal.kv.set('cfg', 'first value, rather long');
      expect(board.hal.kv.set('cfg', 'second')).toBeNull();
      expect(board.hal.kv.get('cfg')).toBe('second');
    });

    it('removes a key, and removing an absent key succeeds', () => {
      board.hal.kv.set('gone', 'x');
      expect(board.hal.kv.remove('gone')).toBeNull();
      expect(board.hal.kv.get('gone')).toBeUndefined();
      expect(board.hal.kv.remove('gone')).toBeNull();
    });

    it('keeps keys that differ only in case or in unusual characters apart', () => {
      const keys = ['a', 'A', 'a/b', 'a.b', '..', '.hidden', 'a b', '%41', 'k\u0001', 'ä', 'x.kv'];
      keys.forEach((k, i) => expect(board.hal.kv.set(k, `value ${i}`)).toBeNull());
      keys.forEach((k, i) => expect(board.hal.kv.get(k)).toBe(`value ${i}`));
    });

    it('an interrupted replace leaves the old value readable, never a partial one, and the next set wins', () => {
      board.hal.kv.set('deviceSecret', 'old-secret-0123456789');
      board.interruptReplace('deviceSecret', 'new-secret-abcdefghij');
      expect(board.hal.kv.get('deviceSecret')).toBe('old-secret-0123456789');
      expect(board.hal.kv.set('deviceSecret', 'newer-secret')).toBeNull();
      expect(board.hal.kv.get('deviceSecret')).toBe('newer-secret');
    });

    it('refuses a key longer than caps.maxKeyLength with KEY_TOO_LONG and stores nothing', () => {
      const max = board.hal.caps.maxKeyLength;
      const long = 'k'.repeat(max + 1);
      expect(board.hal.kv.set(long, 'v')?.code).toBe('KEY_TOO_LONG');
      expect(board.hal.kv.get(long)).toBeUndefined();
      expect(board.hal.kv.get(long.slice(0, max))).toBeUndefined();
      expect(board.hal.kv.set('k'.repeat(max), 'v')).toBeNull();
      expect(board.hal.kv.get('k'.repeat(max))).toBe('v');
    });

    it('refuses a value longer than caps.maxValueLength with FULL', () => {
      const tooLong = 'v'.repeat(board.hal.caps.maxValueLength + 1);
      expect(board.hal.kv.set('big', tooLong)?.code).toBe('FULL');
      expect(board.hal.kv.get('big')).toBeUndefined();
    });

    it('refuses a value with characters above 0xFF with WRITE_FAILED (values are 8-bit)', () => {
      board.hal.kv.set('text', 'before');
      const error = board.hal.kv.set('text', 'snow ☃');
      expect(error?.code).toBe('WRITE_FAILED');
      expect(error?.message).toMatch(/8-bit/);
      expect(board.hal.kv.get('text')).toBe('before');
    });
  });

  describe('kv with a capacity', () => {
    let board: ContractBoard;
    beforeEach(async () => {
      board = await factory.create({ kvCapacity: 100 });
    });
    afterEach(async () => {
      await board.dispose();
    });

    it('reports FULL when the store has no room, keeping earlier values intact', () => {
      expect(board.hal.kv.set('a', 'x'.repeat(60))).toBeNull();
      const error = board.hal.kv.set('b', 'y'.repeat(60));
      expect(error?.code).toBe('FULL');
      expect(error?.message.length).toBeGreaterThan(0);
      expect(board.hal.kv.get('b')).toBeUndefined();
      expect(board.hal.kv.get('a')).toBe('x'.repeat(60));
    });

    it('counts a replaced value once, so overwriting in place fits', () => {
      expect(board.hal.kv.set('a', 'x'.repeat(90))).toBeNull();
      expect(board.hal.kv.set('a', 'z'.repeat(95))).toBeNull();
      expect(board.hal.kv.get('a')).toBe('z'.repeat(95));
    });

    it('makes room again after remove', () => {
      board.hal.kv.set('a', 'x'.repeat(90));
      expect(board.hal.kv.set('b', 'y'.repeat(50))?.code).toBe('FULL');
      board.hal.kv.remove('a');
      expect(board.hal.kv.set('b', 'y'.repeat(50))).toBeNull();
    });
  });
}
