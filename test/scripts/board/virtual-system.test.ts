// The virtual ESP32 around its modules — identity, RNG, crypto, memory, time, dialect — held to
// spec/espruino.md §1c–§1g.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { serialFromMac } from '../../../scripts/board/virtual';
import { bootSession, disposeSessions } from './virtual-harness';

afterEach(() => disposeSessions());

async function evaluate(s: Awaited<ReturnType<typeof bootSession>>, expression: string): Promise<unknown> {
  s.send(`print("VALUE " + JSON.stringify(${expression}))`, true);
  const line = await s.waitForLine(/^VALUE /);
  return JSON.parse(line.slice('VALUE '.length));
}

describe('virtual ESP32 identity (§1c)', () => {
  it('§1c require("Wifi").getIP() returns {ip, netmask, gw, mac:"aa:bb:…"} with the configured MAC', async () => {
    const s = await bootSession({ mac: 'AA-BB-CC-01-02-03' });
    expect(await evaluate(s, 'require("Wifi").getIP()')).toEqual({
      ip: '192.168.4.2',
      netmask: '255.255.255.0',
      gw: '192.168.4.1',
      mac: 'aa:bb:cc:01:02:03',
    });
  });

  it('§1c "ip/gw are missing when not connected"', async () => {
    const s = await bootSession({ wifi: { connected: false } });
    const ip = (await evaluate(s, 'require("Wifi").getIP()')) as Record<string, unknown>;
    expect(ip.ip).toBeUndefined();
    expect(ip.gw).toBeUndefined();
    expect(ip.mac).toBe('24:0a:c4:00:2f:90');
  });

  it('§1c getSerial() is the eFuse MAC formatted like "240ac400-2f90"', async () => {
    expect(serialFromMac('24:0a:c4:00:2f:90')).toBe('240ac400-2f90');
    const s = await bootSession({ mac: '30:ae:a4:12:34:56' });
    expect(await evaluate(s, 'getSerial()')).toBe('30aea412-3456');
    expect(await evaluate(s, '[process.env.SERIAL, process.env.MODULES.split(",").indexOf("tls") >= 0]')).toEqual(['30aea412-3456', true]);
  });
});

describe('virtual ESP32 RNG, crypto, memory (§1c, §1d, §1f)', () => {
  it('E.hwRand gives 32-bit integers, the same sequence for the same seed', async () => {
    const a = await bootSession({ seed: 99 });
    const first = (await evaluate(a, '[E.hwRand(), E.hwRand(), E.hwRand()]')) as number[];
    const b = await bootSession({ seed: 99 });
    expect(await evaluate(b, '[E.hwRand(), E.hwRand(), E.hwRand()]')).toEqual(first);
    for (const n of first) expect(n).toBe(n | 0);
  });

  it('§1d require("crypto").SHA256 / SHA1 return ArrayBuffers that match Node', async () => {
    const s = await bootSession();
    const input = 'abc\u0000\u00ff';
    expect(await evaluate(s, 'require("crypto").SHA256("x") instanceof ArrayBuffer')).toBe(true);
    const hex = 'function (b) { var u = new Uint8Array(b), o = ""; for (var i = 0; i < u.length; i++) o += (u[i] < 16 ? "0" : "") + u[i].toString(16); return o; }';
    expect(await evaluate(s, `(${hex})(require("crypto").SHA256("abc\\x00\\xff"))`)).toBe(
      createHash('sha256').update(Buffer.from(input, 'latin1')).digest('hex'),
    );
    expect(await evaluate(s, `(${hex})(require("crypto").SHA1([97, 98, 99]))`)).toBe(createHash('sha1').update('abc').digest('hex'));
  });

  it('§1f process.memory() reports the engine\'s memory use (bytes, blocksize 1) and grows with allocations', async () => {
    const s = await bootSession({ memoryLimitBytes: 8 * 1024 * 1024 });
    const before = (await evaluate(s, 'process.memory()')) as { usage: number; free: number; total: number; blocksize: number };
    expect(before.blocksize).toBe(1);
    expect(before.total).toBe(8 * 1024 * 1024);
    expect(before.usage + before.free).toBe(before.total);
    const after = (await evaluate(s, '(global.keep = new Uint8Array(200000), process.memory())')) as { usage: number };
    expect(after.usage).toBeGreaterThan(before.usage + 150000);
  });
});

describe('virtual ESP32 time (§1e)', () => {
  it('§1e Date.now() counts from 1970 at power-up until SNTP, and is fractional', async () => {
    const s = await bootSession();
    const now = (await evaluate(s, 'Date.now()')) as number;
    expect(now).toBeLessThan(1e9);
    expect(Number.isInteger(now)).toBe(false);
  });

  it('§1e Wifi.setSNTP(server, zone) needs the zone as a string ("Zone is not a string"), then Date.now() is real time', async () => {
    const s = await bootSession();
    s.send('try { require("Wifi").setSNTP("pool.ntp.org", 8); } catch (e) { print("THREW " + e.message); }', true);
    expect(await s.waitForLine(/^THREW/)).toBe('THREW Zone is not a string');
    s.send('require("Wifi").setSNTP("pool.ntp.org", "CST-8"); setTimeout(function () { print("NOW " + Date.now()); }, 20);', true);
    const now = Number((await s.waitForLine(/^NOW /)).slice(4));
    expect(Math.abs(now - Date.now())).toBeLessThan(5000);
  });

  it('with clock: "virtual", timers move only when the host calls advance(ms)', async () => {
    const s = await bootSession({ clock: 'virtual' });
    s.send('setTimeout(function () { print("fired at " + Math.round(getTime() * 1000)); }, 60000); print("queued")', true);
    await s.waitForLine('queued');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.board.consoleLines().some((l) => l.startsWith('fired'))).toBe(false);
    s.board.advance(60000);
    expect(s.board.consoleLines()).toContain('fired at 60000');
  });

  it('getTime() is seconds since boot, fractional', async () => {
    const s = await bootSession();
    const t = (await evaluate(s, 'getTime()')) as number;
    expect(t).toBeGreaterThanOrEqual(0);
    expect(t).toBeLessThan(60);
  });
});

describe('virtual ESP32 dialect (§1g)', () => {
  it('§1g "Array.prototype.slice/map/push… are undefined" on the virtual board too, while [].map works', async () => {
    const s = await bootSession();
    expect(await evaluate(s, '[typeof Array.prototype.map, typeof String.prototype.slice, typeof [].map, [1, 2].map(function (x) { return x * 2; })]')).toEqual([
      'undefined',
      'undefined',
      'function',
      [2, 4],
    ]);
  });
});
