import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMockBoard } from '../../../hal/mock';

describe('mock KV fault injection', () => {
  it('failWrite(k) fails the k-th write, and only it, leaving the store untouched by it', () => {
    for (let k = 1; k <= 6; k++) {
      const board = createMockBoard();
      board.kv.failWrite(k);
      const results = [1, 2, 3, 4, 5, 6].map((i) => board.hal.kv.set(`key${i}`, `value${i}`));
      results.forEach((r, i) => {
        if (i + 1 === k) expect(r?.code).toBe('WRITE_FAILED');
        else expect(r).toBeNull();
      });
      expect(board.hal.kv.get(`key${k}`)).toBeUndefined();
      expect(Object.keys(board.kv.snapshot())).toHaveLength(5);
    }
  });

  it('failWrite counts from now, and counts removes as writes', () => {
    const board = createMockBoard();
    board.hal.kv.set('a', '1');
    board.hal.kv.set('b', '2');
    board.kv.failWrite(2);
    expect(board.hal.kv.remove('a')).toBeNull();
    expect(board.hal.kv.remove('b')?.code).toBe('WRITE_FAILED');
    expect(board.hal.kv.get('b')).toBe('2');
    expect(board.hal.kv.set('c', '3')).toBeNull();
  });

  it('a failed write keeps the previous value of the key', () => {
    const board = createMockBoard();
    board.hal.kv.set('cred', 'old');
    board.kv.failWrite(1);
    expect(board.hal.kv.set('cred', 'new')?.code).toBe('WRITE_FAILED');
    expect(board.hal.kv.get('cred')).toBe('old');
  });

  it('a power cut after n bytes leaves exactly the first n characters, for every n', () => {
    const value = '{"ds":"0123456789abcdef","v":1}';
    for (let n = 0; n <= value.length + 2; n++) {
      const board = createMockBoard({ flash: { cred: 'previous' } });
      board.kv.cutPowerAfterBytes(n);
      expect(board.hal.kv.set('cred', value)?.code).toBe('WRITE_FAILED');
      expect(board.powered).toBe(false);
      expect(board.kv.snapshot().cred).toBe(value.slice(0, n));
      board.reboot();
      expect(board.powered).toBe(true);
      expect(board.hal.kv.get('cred')).toBe(value.slice(0, n));
    }
  });

  it('property: a torn write stores exactly the prefix of any 8-bit value', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 200 }), fc.nat(250), (value, n) => {
        const board = createMockBoard();
        board.kv.cutPowerAfterBytes(n);
        board.hal.kv.set('v', value);
        board.reboot();
        expect(board.hal.kv.get('v')).toBe(value.slice(0, n));
      }),
    );
  });

  it('while the power is off every KV call fails, until reboot', () => {
    const board = createMockBoard({ flash: { a: '1' } });
    board.cutPower();
    expect(board.hal.kv.get('a')).toBeUndefined();
    expect(board.hal.kv.set('b', '2')?.code).toBe('WRITE_FAILED');
    expect(board.hal.kv.remove('a')?.code).toBe('WRITE_FAILED');
    expect(board.kv.snapshot()).toEqual({ a: '1' });
    board.reboot();
    expect(board.hal.kv.get('a')).toBe('1');
    expect(board.bootCount).toBe(2);
  });

  it('a power cut also stops timers and drops connections without calling handlers', () => {
    const board = createMockBoard();
    const fired: string[] = [];
    board.hal.clock.setTimer(10, () => fired.push('timer'));
    board.kv.cutPowerAfterBytes(1);
    board.hal.kv.set('x', 'abc');
    board.clock.advance(100);
    expect(fired).toEqual([]);
    board.reboot();
    board.clock.advance(100);
    expect(fired).toEqual([]);
  });

  it('flash contents survive as a snapshot that a new board can start from', () => {
    const first = createMockBoard();
    first.hal.kv.set('deviceSecret', 's3cr3t-value');
    first.hal.kv.set('cfg', '{}');
    const image = first.kv.snapshot();
    const second = createMockBoard({ flash: image });
    expect(second.hal.kv.get('deviceSecret')).toBe('s3cr3t-value');
    second.hal.kv.set('cfg', 'changed');
    expect(image.cfg).toBe('{}');
    first.kv.restore({ only: 'this' });
    expect(first.hal.kv.get('cfg')).toBeUndefined();
    expect(first.hal.kv.get('only')).toBe('this');
  });

  it('enforces a capacity in characters of keys plus values', () => {
    const board = createMockBoard({ kvCapacity: 20 });
    expect(board.hal.kv.set('ab', '1234567890')).toBeNull();
    expect(board.kv.usage()).toBe(12);
    expect(board.hal.kv.set('cd', '1234567')?.code).toBe('FULL');
    expect(board.hal.kv.set('cd', '123456')).toBeNull();
    board.kv.setCapacity(1000);
    expect(board.hal.kv.set('ef', 'x'.repeat(500))).toBeNull();
  });

  it('refuses keys beyond caps.maxKeyLength (28 by default) with KEY_TOO_LONG', () => {
    const board = createMockBoard();
    expect(board.caps.maxKeyLength).toBe(28);
    expect(board.hal.kv.set('x'.repeat(29), 'v')?.code).toBe('KEY_TOO_LONG');
    expect(createMockBoard({ caps: { maxKeyLength: 8 } }).hal.kv.set('123456789', 'v')?.code).toBe('KEY_TOO_LONG');
  });
});
