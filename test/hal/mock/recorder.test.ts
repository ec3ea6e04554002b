import { describe, expect, it } from 'vitest';
import { createMockBoard, FAILABLE_KINDS, type MockBoard } from '../../../hal/mock';
import { recordingHandlers } from '../harness';

/** A small device-like scenario touching every failable kind; returns what it observed. */
function scenario(board: MockBoard): string[] {
  const seen: string[] = [];
  const { hal } = board;
  seen.push(`get:${hal.kv.get('cfg')}`);
  seen.push(`set:${hal.kv.set('cfg', 'v2')?.code ?? 'ok'}`);
  seen.push(`rnd:${Array.from(hal.random.bytes(4)).join(',')}`);
  const { handlers, rec } = recordingHandlers();
  const socket = hal.net.open({ host: 'server.local', port: 1883, tls: false }, handlers);
  board.clock.runDue();
  if (rec.connected) seen.push(`write:${socket.write(new Uint8Array([1, 2, 3]))?.code ?? 'ok'}`);
  board.clock.advance(10);
  seen.push(`events:${rec.events.join('|')}`);
  seen.push(`rm:${hal.kv.remove('old')?.code ?? 'ok'}`);
  return seen;
}

function boardWithServer(): MockBoard {
  const board = createMockBoard({ flash: { cfg: 'v1', old: 'x' } });
  board.net.listen('server.local:1883', () => {});
  return board;
}

describe('mock call recorder', () => {
  it('records every HAL call with its kind and an argument summary that never holds values', () => {
    const board = createMockBoard();
    board.hal.kv.set('deviceSecret', 'TOPSECRETVALUE');
    board.hal.clock.now();
    board.hal.clock.setTimer(5, () => {});
    board.hal.random.bytes(8);
    board.hal.log.write('info', 'link', 'hello');
    board.hal.identity.mac();
    board.hal.memory?.read();
    expect(board.recorder.calls.map((c) => c.kind)).toEqual([
      'kv.set',
      'clock.now',
      'clock.setTimer',
      'random.bytes',
      'log.write',
      'identity.mac',
      'memory.read',
    ]);
    expect(board.recorder.calls[0].detail).toBe('deviceSecret (14 chars)');
    expect(JSON.stringify(board.recorder.calls)).not.toContain('TOPSECRETVALUE');
    expect(board.recorder.count('clock.now')).toBe(1);
  });

  it('the k-th call of a given kind fails in its natural way, and only that call', () => {
    const board = createMockBoard();
    board.failNthCall(2, 'kv.set');
    expect(board.hal.kv.set('a', '1')).toBeNull();
    expect(board.hal.kv.set('a', '2')?.code).toBe('WRITE_FAILED');
    expect(board.hal.kv.set('a', '3')).toBeNull();
    expect(board.hal.kv.get('a')).toBe('3');
    expect(board.recorder.failures().map((c) => c.seq)).toEqual([2]);
  });

  it('natural failures: kv.get → undefined, kv.remove → WRITE_FAILED, random.bytes → zero bytes', () => {
    const board = createMockBoard({ flash: { a: '1' } });
    board.failNthCall(1, 'kv.get');
    board.failNthCall(1, 'kv.remove');
    board.failNthCall(1, 'random.bytes');
    expect(board.hal.kv.get('a')).toBeUndefined();
    expect(board.hal.kv.get('a')).toBe('1');
    expect(board.hal.kv.remove('a')?.code).toBe('WRITE_FAILED');
    expect(Array.from(board.hal.random.bytes(6))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(board.hal.random.bytes(6).some((b) => b !== 0)).toBe(true);
  });

  it('a failed net.open reports REFUSED later through onClose, never onConnect', () => {
    const board = boardWithServer();
    board.failNthCall(1, 'net.open');
    const { handlers, rec } = recordingHandlers();
    board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, handlers);
    expect(rec.events).toEqual([]);
    board.clock.advance(1);
    expect(rec.events).toEqual(['close:REFUSED']);
  });

  it('a failed net.write returns IO and the link then breaks with onClose(IO)', () => {
    const board = boardWithServer();
    const { handlers, rec } = recordingHandlers();
    const socket = board.hal.net.open({ host: 'server.local', port: 1883, tls: false }, handlers);
    board.clock.runDue();
    board.failNthCall(1, 'net.write');
    expect(socket.write(new Uint8Array([1]))?.code).toBe('IO');
    board.clock.runDue();
    expect(rec.events).toEqual(['connect', 'close:IO']);
  });

  it('fails the k-th failable call of any kind, for every k of a scenario', () => {
    const clean = boardWithServer();
    const baseline = scenario(clean);
    const total = clean.recorder.countFailable();
    expect(total).toBe(6); // get, set, random, open, write, remove
    const failedKinds: string[] = [];
    for (let k = 1; k <= total; k++) {
      const board = boardWithServer();
      board.failNthCall(k);
      const observed = scenario(board);
      const failures = board.recorder.failures();
      expect(failures).toHaveLength(1);
      failedKinds.push(failures[0].kind);
      expect(observed).not.toEqual(baseline);
    }
    expect(failedKinds).toEqual(['kv.get', 'kv.set', 'random.bytes', 'net.open', 'net.write', 'kv.remove']);
  });

  it('refuses to plan a failure for a kind the contract gives no failure', () => {
    const board = createMockBoard();
    expect(() => board.failNthCall(1, 'clock.now')).toThrow(/no failure/);
    expect(FAILABLE_KINDS).not.toContain('clock.setTimer');
  });
});
