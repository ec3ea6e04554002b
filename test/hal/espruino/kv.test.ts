// hal/espruino's Kv over the virtual ESP32's Storage (spec/espruino.md §1a).
import { afterEach, describe, expect, it } from 'vitest';
import { disposeSessions } from '../../scripts/board/virtual-harness';
import { bootProbe, probeImage } from './probe-board';

afterEach(() => disposeSessions());

const LONG_KEY = 'abcdefghijklmnopqrstuvwxyz012'; // 29 characters

describe('hal/espruino Kv on require("Storage") (§1a)', () => {
  it('round-trips a value through the Storage emulation: set, get, the raw file, remove', async () => {
    const { s } = await bootProbe();
    s.send('var kv = probe.hal.kv; probe.report("kv", [kv.set("cfg", "v1"), kv.get("cfg"), kv.set("cfg", "v2"), kv.get("cfg")])', true);
    expect(await s.probe('kv')).toEqual([null, 'v1', null, 'v2']);
    expect(Buffer.from(s.board.storage.files().cfg!).toString('latin1')).toBe('v2');
    s.send('probe.report("removed", [kv.remove("cfg"), kv.get("cfg") === undefined, kv.remove("cfg")])', true);
    expect(await s.probe('removed')).toEqual([null, true, null]);
    expect(s.board.storage.list()).not.toContain('cfg');
  });

  it('a missing key reads as undefined (§1a "read of a missing file returns undefined")', async () => {
    const { s } = await bootProbe();
    s.send('probe.report("missing", typeof probe.hal.kv.get("never-set"))', true);
    expect(await s.probe('missing')).toBe('undefined');
  });

  it('§1a a 29-character key is refused with KEY_TOO_LONG, where raw Storage would silently truncate it and return true', async () => {
    const { s } = await bootProbe();
    s.send(`probe.report("raw", [require("Storage").write("${LONG_KEY}", "raw"), require("Storage").list()])`, true);
    expect(await s.probe('raw')).toEqual([true, expect.arrayContaining([LONG_KEY.slice(0, 28)])]);
    s.send(`probe.report("bound", probe.hal.kv.set("${LONG_KEY}", "bound"))`, true);
    expect(await s.probe<{ code: string }>('bound')).toMatchObject({ code: 'KEY_TOO_LONG' });
    // nothing was written, and removing the long key does not erase the file its 28-character prefix names
    s.send(`probe.report("after", [probe.hal.kv.get("${LONG_KEY}") === undefined, probe.hal.kv.remove("${LONG_KEY}"), require("Storage").read("${LONG_KEY.slice(0, 28)}")])`, true);
    expect(await s.probe('after')).toEqual([true, null, 'raw']);
  });

  it('a full Storage is FULL (write throws "Unable to find or create file")', async () => {
    // room for the probe image's own .bootcde (a 32-byte header plus its bytes) and 600 bytes more
    const image = (await probeImage()).length;
    const { s } = await bootProbe({ storageBytes: 32 + Math.ceil(image / 4) * 4 + 600 });
    s.send('var big = ""; for (var i = 0; i < 700; i++) big += "x"; probe.report("full", probe.hal.kv.set("big", big))', true);
    expect(await s.probe<{ code: string; message: string }>('full')).toMatchObject({
      code: 'FULL',
      message: expect.stringContaining('Unable to find or create file'),
    });
  });

  it('values are 8-bit strings: NUL and 0xFF are stored and read back', async () => {
    const { s } = await bootProbe();
    s.send('var v = "a\\x00b\\xff"; probe.report("eight", [probe.hal.kv.set("bin", v), probe.hal.kv.get("bin") === v])', true);
    expect(await s.probe('eight')).toEqual([null, true]);
    expect(s.board.storage.files().bin).toEqual(new Uint8Array([0x61, 0x00, 0x62, 0xff]));
  });

  it('refuses what Storage cannot hold: an empty value (write returns false) and characters above 0xFF', async () => {
    const { s } = await bootProbe();
    s.send('probe.report("refused", [probe.hal.kv.set("e", "").code, probe.hal.kv.set("w", "\\u0100").code, probe.hal.kv.set("", "v").code])', true);
    expect(await s.probe('refused')).toEqual(['WRITE_FAILED', 'WRITE_FAILED', 'WRITE_FAILED']);
    expect(s.board.storage.list()).not.toContain('e');
  });
});
