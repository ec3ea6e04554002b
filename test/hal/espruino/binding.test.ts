// hal/espruino over fake Espruino globals in Node: what the virtual board does not reach — a build without
// require("crypto"), log levels, the clock's wrap at 2^32, and the connect timeout of a socket that never connects.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEspruinoHal } from '../../../hal/espruino';
import type { Capabilities, HalError } from '../../../hal/types';

type Listener = (...args: unknown[]) => void;
const g = globalThis as unknown as { require?: unknown; print?: unknown; getTime?: unknown; E?: unknown };
let printed: string[];
let modules: { [name: string]: unknown };
let ended: number;

const CAPS: Capabilities = { tlsVerifiesPeer: false, maxTlsSockets: 1, hasNativeHash: true, maxKeyLength: 28, maxValueLength: 4096 };

beforeEach(() => {
  printed = [];
  ended = 0;
  modules = {
    net: {
      // a socket that never connects
      connect: () => ({
        on: (_event: string, _listener: Listener) => undefined,
        end: () => ended++,
      }),
    },
  };
  g.print = (line: string) => printed.push(line);
  g.require = (name: string) => {
    if (!(name in modules)) throw new Error('Module ' + name + ' not found');
    return modules[name];
  };
});
afterEach(() => {
  vi.useRealTimers();
  delete g.require;
  delete g.print;
  delete g.getTime;
  delete g.E;
});

describe('hal/espruino caps', () => {
  it('a build without require("crypto") has no native hash and says so in caps, leaving the board\'s object alone', () => {
    const hal = createEspruinoHal({ caps: CAPS });
    expect(hal.hash).toEqual({});
    expect(hal.caps).toEqual({ ...CAPS, hasNativeHash: false });
    expect(CAPS.hasNativeHash).toBe(true);
  });

  it('with require("crypto") the caps are the board\'s, and SHA-256 goes through it as an 8-bit string', () => {
    g.E = { toString: (bytes: Uint8Array) => String.fromCharCode(...bytes) };
    const seen: string[] = [];
    modules.crypto = {
      SHA256: (data: string) => (seen.push(data), new Uint8Array([1, 2]).buffer),
      SHA1: () => new Uint8Array([3]).buffer,
    };
    const hal = createEspruinoHal({ caps: CAPS });
    expect(hal.caps).toEqual(CAPS);
    expect(Array.from(hal.hash.sha256!(new Uint8Array([0, 255])))).toEqual([1, 2]);
    expect(seen).toEqual(['\u0000\u00ff']);
    expect(Array.from(hal.hash.sha1!(new Uint8Array([7])))).toEqual([3]);
  });
});

describe('hal/espruino log', () => {
  it('prints from the configured level up, with the level\'s initial; an unknown level prints as an error', () => {
    const hal = createEspruinoHal({ logLevel: 'warn' });
    hal.log.write('debug', 't', 'd');
    hal.log.write('info', 't', 'i');
    hal.log.write('warn', 't', 'w');
    hal.log.write('error', 't', 'e');
    hal.log.write('loud' as 'error', 't', 'x');
    expect(printed).toEqual(['W [t] w', 'E [t] e', 'E [t] x']);
  });

  it('the default level is info', () => {
    const hal = createEspruinoHal();
    hal.log.write('debug', 't', 'd');
    hal.log.write('info', 't', 'i');
    expect(printed).toEqual(['I [t] i']);
  });
});

describe('hal/espruino clock', () => {
  it('now() is whole milliseconds from getTime(), wrapped into [0, 2^32) by arithmetic', () => {
    const hal = createEspruinoHal();
    g.getTime = () => 12.3456;
    expect(hal.clock.now()).toBe(12345);
    g.getTime = () => (4294967296 + 5000.7) / 1000;
    expect(hal.clock.now()).toBe(5000);
  });
});

describe('hal/espruino connect timeout', () => {
  it('a socket that never connects closes with TIMEOUT after 20 s, once, and Espruino\'s socket is ended', () => {
    vi.useFakeTimers();
    const hal = createEspruinoHal();
    const closes: (HalError | null)[] = [];
    const socket = hal.net.open({ host: '127.0.0.1', port: 1, tls: false }, {
      onConnect: () => undefined,
      onData: () => undefined,
      onClose: (error) => closes.push(error),
    });
    vi.advanceTimersByTime(19_999);
    expect(closes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(closes).toEqual([expect.objectContaining({ code: 'TIMEOUT' })]);
    expect(ended).toBe(1);
    expect(socket.write(new Uint8Array([1]))).toMatchObject({ code: 'CLOSED' });
    socket.close();
    vi.advanceTimersByTime(60_000);
    expect(closes).toHaveLength(1);
  });
});
