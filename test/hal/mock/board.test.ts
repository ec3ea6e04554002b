import { describe, expect, it } from 'vitest';
import { createMockBoard, MOCK_DEFAULT_CAPS } from '../../../hal/mock';

describe('mock board', () => {
  it('has a memory probe whose reading the test sets, or none when asked', () => {
    const board = createMockBoard({ memory: { used: 100, free: 900, unit: 'jsvars' } });
    expect(board.hal.memory?.read()).toEqual({ used: 100, free: 900, unit: 'jsvars' });
    board.memory?.set({ used: 500, free: 500 });
    expect(board.hal.memory?.read()).toEqual({ used: 500, free: 500, unit: 'jsvars' });
    expect(createMockBoard({ memory: false }).hal.memory).toBeUndefined();
  });

  it('records log lines with level, tag, message and the virtual time', () => {
    const board = createMockBoard({ clockStart: 1000 });
    board.hal.log.write('warn', 'link', 'backing off');
    board.clock.advance(5);
    board.hal.log.write('debug', 'mqtt', 'ping');
    expect(board.log.lines).toEqual([
      { level: 'warn', tag: 'link', message: 'backing off', at: 1000 },
      { level: 'debug', tag: 'mqtt', message: 'ping', at: 1005 },
    ]);
    expect(board.log.text()).toBe('warn link: backing off\ndebug mqtt: ping');
  });

  it('reports the configured identity, or none', () => {
    const board = createMockBoard();
    expect(board.hal.identity.mac()).toBe('24:0a:c4:00:2f:90');
    expect(board.hal.identity.serial()).toBe('240ac400-2f90');
    const bare = createMockBoard({ mac: null, serial: null });
    expect(bare.hal.identity.mac()).toBeUndefined();
    expect(bare.hal.identity.serial()).toBeUndefined();
    bare.identity.mac = 'aa:bb:cc:dd:ee:ff';
    expect(bare.hal.identity.mac()).toBe('aa:bb:cc:dd:ee:ff');
  });

  it('offers native hashes only when caps.hasNativeHash says so', () => {
    expect(createMockBoard().hal.hash).toEqual({});
    const hashing = createMockBoard({ caps: { hasNativeHash: true } });
    const abc = new Uint8Array([0x61, 0x62, 0x63]);
    expect(Buffer.from(hashing.hal.hash.sha256!(abc)).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(Buffer.from(hashing.hal.hash.md5!(abc)).toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('defaults to verifying TLS, one TLS socket, 28-character keys; caps can be overridden', () => {
    expect(createMockBoard().hal.caps).toEqual(MOCK_DEFAULT_CAPS);
    expect(createMockBoard({ caps: { maxTlsSockets: 3 } }).hal.caps.maxTlsSockets).toBe(3);
  });

  it('random.bytes is reproducible from the seed', () => {
    expect(createMockBoard({ seed: 5 }).hal.random.bytes(16)).toEqual(createMockBoard({ seed: 5 }).hal.random.bytes(16));
  });

  it('wall time is unset by default, and can be given', () => {
    expect(createMockBoard().hal.clock.wallTime()).toBeUndefined();
    expect(createMockBoard({ wallTime: 1_700_000_000_000 }).hal.clock.wallTime()).toBe(1_700_000_000_000);
  });
});
