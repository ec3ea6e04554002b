import { afterEach, describe, expect, it } from 'vitest';
import { EspruinoProfile, type ProfileOptions } from '../../../scripts/board/profile';

let profile: EspruinoProfile | undefined;
afterEach(() => {
  profile?.dispose();
  profile = undefined;
});

async function open(options: ProfileOptions = {}): Promise<EspruinoProfile> {
  profile = await EspruinoProfile.create(options);
  return profile;
}

function valueOf(p: EspruinoProfile, code: string): unknown {
  const result = p.eval(code, 'probe.js');
  if (!result.ok) throw new Error(`${result.error.name}: ${result.error.message}`);
  return result.value;
}

describe('profile console', () => {
  it('print joins its arguments with single spaces, one line per call', async () => {
    const p = await open();
    p.eval('print("a", 1, true, null, undefined, {b: 2}, [1, 2]); print()');
    expect(p.output()).toEqual(['a 1 true null undefined {"b":2} [1,2]', '']);
  });

  it('console.log is captured like print, and onPrint sees each line as it is printed', async () => {
    const seen: string[] = [];
    const p = await open({ onPrint: (line) => seen.push(line) });
    p.eval('console.log("x", new Uint8Array([1, 2])); console.log("two\\nlines")');
    expect(p.output()).toEqual(['x new Uint8Array([1, 2])', 'two', 'lines']);
    expect(seen).toEqual(p.output());
  });
});

describe('profile E', () => {
  it('E.hwRand returns 32-bit integers, the same sequence for the same seed', async () => {
    const a = await open({ seed: 42 });
    const first = valueOf(a, '[E.hwRand(), E.hwRand(), E.hwRand()]') as number[];
    a.dispose();
    const b = await open({ seed: 42 });
    expect(valueOf(b, '[E.hwRand(), E.hwRand(), E.hwRand()]')).toEqual(first);
    for (const n of first) expect(n === (n | 0)).toBe(true);
    expect(new Set(first).size).toBe(3);
  });

  it('E.toString turns bytes into an 8-bit string and E.toUint8Array turns it back', async () => {
    const p = await open();
    expect(valueOf(p, 'E.toString(new Uint8Array([104, 105, 0, 255]))')).toBe('hi\u0000\u00ff');
    expect(valueOf(p, 'E.toUint8Array("hi\\u00ff")')).toEqual(new Uint8Array([104, 105, 255]));
    expect(valueOf(p, 'E.toUint8Array("h", [1, 2], 3) instanceof Uint8Array')).toBe(true);
  });

  it('E.getSizeOf returns a number that grows with the value', async () => {
    const p = await open();
    const [small, large] = valueOf(p, '[E.getSizeOf({a: 1}), E.getSizeOf({a: 1, b: "a longer string value", c: [1, 2, 3]})]') as number[];
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small!);
  });

  it('E.reboot calls the host hook', async () => {
    let reboots = 0;
    const p = await open({ onReboot: () => reboots++ });
    p.eval('E.reboot()');
    expect(reboots).toBe(1);
  });
});

describe('profile process and time', () => {
  it('process.memory() returns numbers: usage in bytes, total the configured limit, free the difference', async () => {
    const p = await open({ memoryLimitBytes: 2_000_000 });
    const m = valueOf(p, 'process.memory()') as { free: number; usage: number; total: number };
    expect(m.total).toBe(2_000_000);
    expect(m.usage).toBeGreaterThan(10_000);
    expect(m.free).toBe(m.total - m.usage);
  });

  it('process.env names Espruino 2v29 and the board', async () => {
    const p = await open({ board: 'ESP32-TEST' });
    expect(valueOf(p, 'process.env')).toEqual({ VERSION: '2v29', BOARD: 'ESP32-TEST' });
  });

  it('getTime() is the engine clock in seconds, as a float', async () => {
    const p = await open();
    p.advance(1500);
    expect(valueOf(p, 'getTime()')).toBe(1.5);
  });
});
