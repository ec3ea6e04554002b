import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  createNodeBoard,
  firstInterfaceMac,
  NodeClock,
  NodeIdentity,
  nodeHash,
  nodeMemory,
  nodeRandom,
  normaliseMac,
  StreamLog,
} from '../../../hal/node';
import nodeSim from '../../../boards/node-sim';

const WRAP = 2 ** 32;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('hal/node clock', () => {
  it('wraps the 32-bit counter when started near 2^32, with timers still firing in order', async () => {
    const clock = new NodeClock({ offset: WRAP - Math.floor(performance.now()) - 20 });
    const start = clock.now();
    expect(start).toBeGreaterThan(WRAP - 100);
    const fired: Array<[string, number]> = [];
    clock.setTimer(45, () => fired.push(['c', clock.now()]));
    clock.setTimer(5, () => fired.push(['a', clock.now()]));
    clock.setTimer(30, () => fired.push(['b', clock.now()]));
    const deadline = Date.now() + 5000;
    while (fired.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(fired.map((f) => f[0])).toEqual(['a', 'b', 'c']);
    expect(fired[2][1]).toBeLessThan(1000); // wrapped past 0
    for (const [, at] of fired) expect((at - start + WRAP) % WRAP).toBeLessThan(1000);
  });

  it('has no wall time when configured unset, else whole milliseconds of Date.now()', () => {
    expect(new NodeClock({ wallTime: 'unset' }).wallTime()).toBeUndefined();
    const wall = new NodeClock().wallTime()!;
    expect(Number.isInteger(wall)).toBe(true);
    expect(Math.abs(wall - Date.now())).toBeLessThan(1000);
  });

  it('clearAll cancels pending timers', async () => {
    const clock = new NodeClock({ unrefTimers: true });
    let fired = false;
    clock.setTimer(5, () => (fired = true));
    expect(clock.pending()).toBe(1);
    clock.clearAll();
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toBe(false);
  });
});

describe('hal/node identity', () => {
  it('reports the configured MAC normalised to lower-case colon pairs, and the configured serial', () => {
    const id = new NodeIdentity({ mac: 'AA-BB-CC-DD-EE-0F', serial: 'SIM-0001' });
    expect(id.mac()).toBe('aa:bb:cc:dd:ee:0f');
    expect(id.serial()).toBe('SIM-0001');
    expect(normaliseMac('not a mac')).toBeUndefined();
  });

  it('falls back to the first non-internal interface MAC, and has none when told null', () => {
    expect(new NodeIdentity().mac()).toBe(firstInterfaceMac());
    const mac = firstInterfaceMac();
    if (mac) expect(mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(new NodeIdentity({ mac: null }).mac()).toBeUndefined();
    expect(new NodeIdentity().serial()).toBeUndefined();
  });
});

describe('hal/node random, hashes, memory', () => {
  it('random.bytes gives n fresh bytes', () => {
    expect(nodeRandom.bytes(32).length).toBe(32);
    expect(hex(nodeRandom.bytes(16))).not.toBe(hex(nodeRandom.bytes(16)));
    expect(nodeRandom.bytes(0).length).toBe(0);
  });

  it('native hashes match the standard test vectors for "abc"', () => {
    const abc = new Uint8Array([0x61, 0x62, 0x63]);
    expect(hex(nodeHash.sha256!(abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(nodeHash.sha1!(abc))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(nodeHash.md5!(abc))).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('the memory probe reads the V8 heap in bytes', () => {
    const m = nodeMemory.read();
    expect(m.unit).toBe('bytes');
    expect(m.used).toBeGreaterThan(0);
    expect(m.free).toBeGreaterThanOrEqual(0);
  });
});

describe('hal/node log sink', () => {
  it('writes one line per call at or above its level, with level and tag', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const log = new StreamLog(out, { level: 'info', timestamps: false });
    log.write('debug', 'kv', 'hidden');
    log.write('info', 'link', 'online');
    log.write('error', 'mqtt', 'refused');
    expect(text).toBe('INFO  [link] online\nERROR [mqtt] refused\n');
  });

  it('never throws, even when its stream does', () => {
    const log = new StreamLog({ write: () => { throw new Error('EPIPE'); } });
    expect(() => log.write('error', 't', 'm')).not.toThrow();
  });
});

describe('hal/node board', () => {
  it('defaults its capabilities to boards/node-sim and offers native hashes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliot-board-'));
    const board = createNodeBoard({ kvDir: dir, log: { write() {} }, mac: '02:00:00:00:00:01' });
    try {
      expect(board.hal.caps).toEqual(nodeSim.caps);
      expect(typeof board.hal.hash.sha256).toBe('function');
      expect(board.hal.identity.mac()).toBe('02:00:00:00:00:01');
      expect(board.hal.memory?.read().unit).toBe('bytes');
    } finally {
      board.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
