// hal/espruino's identity, RNG, hashes, memory, clock and log on the virtual ESP32 (spec/espruino.md §1c–§1f).
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { hardwareRandom } from '../../../scripts/board/profile/host-api';
import { disposeSessions } from '../../scripts/board/virtual-harness';
import { bootProbe } from './probe-board';

afterEach(() => disposeSessions());

describe('hal/espruino identity (§1c)', () => {
  it('the MAC comes from require("Wifi").getIP().mac, normalised; the serial from getSerial()', async () => {
    const { ready } = await bootProbe({ mac: '30-AE-A4-0B-0C-0D' });
    expect(ready.mac).toBe('30:ae:a4:0b:0c:0d');
    expect(ready.serial).toBe('30aea40b-0c0d');
  });

  it('caps say what Espruino is: no peer verification, one TLS socket, 28-character keys, native hashes', async () => {
    const { ready } = await bootProbe();
    expect(ready.caps).toEqual({ tlsVerifiesPeer: false, maxTlsSockets: 1, hasNativeHash: true, maxKeyLength: 28, maxValueLength: 4096 });
  });
});

describe('hal/espruino RNG and hashes (§1d)', () => {
  it('random bytes are E.hwRand() words, low byte first', async () => {
    const { s } = await bootProbe({ seed: 1234 });
    s.send('probe.report("rand", probe.hex(probe.hal.random.bytes(10)))', true);
    const next = hardwareRandom(1234);
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) {
      const word = next();
      expected.push(word & 255, (word >> 8) & 255, (word >> 16) & 255, (word >> 24) & 255);
    }
    expect(await s.probe('rand')).toBe(Buffer.from(expected.slice(0, 10)).toString('hex'));
  });

  it('§1d native SHA-256 and SHA-1 from require("crypto") equal node:crypto, NUL and 0xFF included', async () => {
    const { s } = await bootProbe();
    const data = Array.from({ length: 300 }, (_, i) => (i * 37) & 255);
    s.send(`var d = new Uint8Array(${JSON.stringify(data)}); probe.report("hashes", [probe.hex(probe.hal.hash.sha256(d)), probe.hex(probe.hal.hash.sha1(d)), typeof probe.hal.hash.md5])`, true);
    expect(await s.probe('hashes')).toEqual([
      createHash('sha256').update(Buffer.from(data)).digest('hex'),
      createHash('sha1').update(Buffer.from(data)).digest('hex'),
      'undefined',
    ]);
  });
});

describe('hal/espruino memory, clock, timers, log (§1e, §1f)', () => {
  it('the memory probe reads process.memory(): bytes on the virtual board (blocksize 1), JsVars on Espruino', async () => {
    const { s } = await bootProbe({ memoryLimitBytes: 4 * 1024 * 1024 });
    s.send('probe.report("mem", probe.hal.memory.read())', true);
    const reading = await s.probe<{ used: number; free: number; unit: string }>('mem');
    expect(reading.unit).toBe('bytes');
    expect(reading.used).toBeGreaterThan(0);
    expect(reading.used + reading.free).toBe(4 * 1024 * 1024);
  });

  it('§1e clock.now() is whole ms from getTime(); wallTime() is undefined before SNTP and floored after', async () => {
    const { s } = await bootProbe();
    s.send('probe.report("before", [probe.hal.clock.now(), probe.hal.clock.wallTime() === undefined])', true);
    const [now, unset] = await s.probe<[number, boolean]>('before');
    expect(Number.isInteger(now)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(0);
    expect(unset).toBe(true);
    s.send('require("Wifi").setSNTP("pool.ntp.org", "UTC0"); setTimeout(function () { probe.report("after", probe.hal.clock.wallTime()); }, 20)', true);
    const wall = await s.probe<number>('after');
    expect(Number.isInteger(wall)).toBe(true);
    expect(Math.abs(wall - Date.now())).toBeLessThan(5000);
  });

  it('timers fire once, clearTimer cancels, and clearing an unknown or fired id is ignored', async () => {
    const { s } = await bootProbe();
    s.send(
      'var c = probe.hal.clock; var fired = []; c.setTimer(5, function () { fired.push("a"); }); var b = c.setTimer(5, function () { fired.push("b"); });' +
        ' c.clearTimer(b); c.clearTimer(9999); setTimeout(function () { c.clearTimer(b); probe.report("fired", fired); }, 40)',
      true,
    );
    expect(await s.probe('fired')).toEqual(['a']);
  });

  it('log lines go to the console with a level prefix and tag', async () => {
    const { s } = await bootProbe();
    s.send('probe.hal.log.write("warn", "link", "one warning")', true);
    await s.waitForLine('W [link] one warning', 8000, 0);
  });
});
