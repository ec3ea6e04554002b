import { describe, expect, it } from 'vitest';
import type { Hal, SocketHandlers } from '../../../hal/types';
import { deviceMac, deviceNameOf } from '../../../scripts/bench/device-ids';
import { medianFigures, type SideFigures } from '../../../scripts/bench/fleet';
import { kib } from '../../../scripts/bench/fleet-section';
import { propertyPost, propertyPostTopic } from '../../../scripts/bench/fleet-side';
import { HalTiming } from '../../../scripts/bench/hal-timing';
import { sections } from '../../../scripts/bench/index';
import { devicesWithinLimit, FD_RESERVE } from '../../../scripts/bench/process-limits';
import { nextBatch } from '../../../scripts/bench/rate';
import { median, medianOfEach, perSecond, round } from '../../../scripts/bench/stats';
import { splitWindow } from '../../../scripts/bench/timeline';
import { bootTiming } from '../../../scripts/bench/time-to-online';

// Pure helpers of the benchmarks. No timing is checked here: speed is measured by `aliot bench`, never by tests.

describe('bench statistics', () => {
  it('takes the middle value, the lower middle one for an even count, NaN for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });

  it('takes the median of each figure separately', () => {
    expect(medianOfEach([{ a: 1, b: 30 }, { a: 3, b: 10 }, { a: 2, b: 20 }])).toEqual({ a: 2, b: 20 });
  });

  it('turns a count over milliseconds into a rate per second, 0 for no time', () => {
    expect(perSecond(50, 250)).toBe(200);
    expect(perSecond(1, 3, 2)).toBe(333.33);
    expect(perSecond(10, 0)).toBe(0);
    expect(round(1.005, 1)).toBe(1);
  });

  it('grows a batch toward the target time, by at most the growth limit and at least by one', () => {
    expect(nextBatch(10, 30, 300)).toBe(80);
    expect(nextBatch(100, 200, 300)).toBe(180);
    expect(nextBatch(1, 0, 300)).toBe(8);
    expect(nextBatch(5, 400, 300)).toBe(6);
  });
});

describe('splitting a window among layers', () => {
  it('gives overlapping time to the earlier layer and the uncovered rest to other; the parts add up', () => {
    const split = splitWindow(0, 100, [
      { name: 'tls', intervals: [[10, 30]] },
      { name: 'runtime', intervals: [[0, 5], [25, 40]] },
      { name: 'waiting', intervals: [[30, 90]] },
    ]);
    expect(split.byLayer).toEqual({ tls: 20, runtime: 15, waiting: 50 });
    expect(split.other).toBe(15);
    expect(split.total).toBe(100);
  });

  it('clips intervals to the window and ignores empty ones', () => {
    const split = splitWindow(10, 20, [{ name: 'a', intervals: [[0, 15], [18, 18], [19, 40]] }]);
    expect(split.byLayer.a).toBe(6);
    expect(split.other).toBe(4);
  });
});

describe('timing at the HAL boundary', () => {
  function fakeHal(): { hal: Hal; handlers: SocketHandlers[]; writes: number[] } {
    const handlers: SocketHandlers[] = [];
    const writes: number[] = [];
    const hal = {
      net: {
        open: (_o: unknown, h: SocketHandlers) => {
          handlers.push(h);
          return { write: (b: Uint8Array) => (writes.push(b.length), null), close: () => {} };
        },
      },
      kv: { get: () => undefined, set: () => null, remove: () => null },
      clock: { now: () => 0, wallTime: () => undefined, setTimer: () => 1, clearTimer: () => {} },
    } as unknown as Hal;
    return { hal, handlers, writes };
  }

  it('splits open → connect as TLS, handler time as runtime, connected idle time as waiting', () => {
    let t = 0;
    const timing = new HalTiming(() => t);
    const { hal, handlers } = fakeHal();
    const timed = timing.instrument(hal);
    const socket = timed.net.open({ host: 'h', port: 1, tls: true }, { onConnect: () => (t += 2), onData: () => (t += 3), onClose: () => {} });
    t = 10;
    handlers[0]!.onConnect(); // handshake 0..10, runtime 10..12
    t = 40;
    handlers[0]!.onData(new Uint8Array(1)); // waiting 12..40, runtime 40..43
    expect(socket.write(new Uint8Array(2))).toBeNull();
    t = 50;
    const result = bootTiming(timing, 0, 50); // the socket is still open: waiting 43..50
    expect(result).toEqual({ totalMs: 50, tlsMs: 10, kvMs: 0, runtimeMs: 5, waitingMs: 35, otherMs: 0, handshakes: 1 });
  });

  it('counts a socket that never connected as handshake time up to its close', () => {
    let t = 0;
    const timing = new HalTiming(() => t);
    const { hal, handlers } = fakeHal();
    timing.instrument(hal).net.open({ host: 'h', port: 1, tls: true }, { onConnect: () => {}, onData: () => {}, onClose: () => {} });
    t = 7;
    handlers[0]!.onClose({ code: 'TLS_VERIFY', message: 'x' });
    t = 9;
    expect(bootTiming(timing, 0, 9)).toMatchObject({ tlsMs: 7, otherMs: 2, handshakes: 0 });
  });

  it('times KV calls as flash work, inside the runtime slice that made them', () => {
    let t = 0;
    const timing = new HalTiming(() => t);
    const timed = timing.instrument(fakeHal().hal);
    timing.slice(() => {
      t += 1;
      timed.kv.get('k');
      t += 1;
    });
    const kvCall = timing.kv[0]!;
    expect(kvCall[0]).toBe(1);
    expect(bootTiming(timing, 0, 2)).toMatchObject({ runtimeMs: 2, kvMs: 0 });
  });
});

describe('fleet helpers', () => {
  it('takes each figure as the median of the rounds, but a loss or failure in any round as the result', () => {
    const side = (devicesPerSec: number, lost: number, failures: number): SideFigures =>
      ({ devices: 10, online: 10 - failures, failures, bringUpMs: 1, devicesPerSec, cpuMsPerDevice: 1, storeMsPerDevice: 1,
        heapBytesPerDevice: devicesPerSec * 10, arrayBufferBytesPerDevice: 0, memoryBytesPerDevice: 1, nativeBytesPerDevice: 1, wholeBytesPerDevice: 1, rssBytesPerDevice: 1,
        publishes: 50, refused: 0, seen: 50 - lost, lost, unackedAtEnd: 0 });
    const m = medianFigures([side(30, 0, 0), side(10, 2, 0), side(20, 0, 1)]);
    expect(m.devicesPerSec).toBe(20);
    expect(m.heapBytesPerDevice).toBe(200);
    expect(m.lost).toBe(2);
    expect(m.failures).toBe(1);
  });

  it('keeps devices under the descriptor limit with a reserve, and says why it ran fewer', () => {
    expect(devicesWithinLimit(1000, 20000)).toEqual({ devices: 1000 });
    expect(devicesWithinLimit(1000, undefined)).toEqual({ devices: 1000 });
    const limited = devicesWithinLimit(1000, 1024);
    expect(limited.devices).toBe(1024 - FD_RESERVE);
    expect(limited.reason).toMatch(/ulimit -n is 1024/);
    expect(devicesWithinLimit(10, 100).devices).toBe(0);
  });

  it('gives each device a locally administered MAC and the DeviceName the node-sim board derives from it', () => {
    expect(deviceMac(0)).toBe('02:00:00:00:00:00');
    expect(deviceMac(1000)).toBe('02:00:00:00:03:e8');
    expect(deviceNameOf(deviceMac(1000))).toBe('0200000003E8');
  });

  it('makes property posts that are distinct per k and short enough for the cloud event preview (96 chars)', () => {
    expect(propertyPost(1)).not.toBe(propertyPost(2));
    expect(propertyPost(99999).length).toBeLessThanOrEqual(96);
    expect(JSON.parse(propertyPost(3))).toMatchObject({ id: '3', params: { seq: 3 } });
    expect(propertyPostTopic('pk', 'dn')).toBe('/sys/pk/dn/thing/event/property/post');
  });

  it('prints KiB with one decimal and never -0', () => {
    expect(kib(2048)).toBe(2);
    expect(Object.is(kib(-10), 0)).toBe(true);
  });
});

describe('bench sections', () => {
  it('registers the crypto, time-to-online and fleet sections', () => {
    expect(sections.map((s) => s.name)).toEqual(expect.arrayContaining(['crypto', 'timeToOnline', 'fleet']));
  });
});
