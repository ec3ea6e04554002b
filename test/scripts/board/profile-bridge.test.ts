import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EspruinoProfile, ProfileError } from '../../../scripts/board/profile';

let profile: EspruinoProfile;
const calls: unknown[][] = [];
beforeAll(async () => {
  profile = await EspruinoProfile.create();
  profile.defineHostFunction('__host.echo', (...args) => {
    calls.push(args);
    return args;
  });
  profile.defineHostFunction('__host.fail', () => {
    throw new Error('host said no');
  });
  profile.eval(`
    function describe(x) { return typeof x + (x instanceof Uint8Array ? ':bytes' : '') }
    function roundTrip(s, n, bytes) { return { s: s + '!', n: n * 2, bytes: bytes, first: bytes[0], kind: describe(bytes) } }
    var device = { onEvent: function (name, data) { return name + ':' + data.length } };
  `);
});
afterAll(() => profile.dispose());

describe('profile host bridge', () => {
  it('a host function installed at a dotted path is callable from the VM', () => {
    expect(profile.eval('typeof __host.echo')).toEqual({ ok: true, value: 'function' });
  });

  it('strings, numbers and Uint8Array cross from the VM to the host and back', () => {
    const result = profile.eval('var r = __host.echo("text", 42, new Uint8Array([1, 2, 255])); [r[0], r[1], describe(r[2]), r[2][2]]');
    expect(calls.at(-1)).toEqual(['text', 42, new Uint8Array([1, 2, 255])]);
    expect(result).toEqual({ ok: true, value: ['text', 42, 'object:bytes', 255] });
  });

  it('JSON-like objects cross with Uint8Arrays inside them', () => {
    const result = profile.eval('var o = __host.echo({a: [1, {b: new Uint8Array([9])}], n: null})[0]; describe(o.a[1].b) + "," + o.a[1].b[0]');
    expect(calls.at(-1)).toEqual([{ a: [1, { b: new Uint8Array([9]) }], n: null }]);
    expect(result).toEqual({ ok: true, value: 'object:bytes,9' });
  });

  it('call() runs a global function with host arguments and returns its value', () => {
    expect(profile.call('roundTrip', 'hi', 21, new Uint8Array([7, 8]))).toEqual({
      s: 'hi!',
      n: 42,
      bytes: new Uint8Array([7, 8]),
      first: 7,
      kind: 'object:bytes',
    });
  });

  it('call() reaches a method at a dotted path with its object as this', () => {
    expect(profile.call('device.onEvent', 'data', new Uint8Array(5))).toBe('data:5');
  });

  it('a host function that throws surfaces as an Error inside the VM', () => {
    expect(profile.eval('try { __host.fail() } catch (e) { e.message }')).toEqual({ ok: true, value: 'host said no' });
  });

  it('call() throws a ProfileError when the VM function throws, and an Error when there is no such function', () => {
    profile.eval('function explode() { throw new TypeError("bad input") }');
    expect(() => profile.call('explode')).toThrow(ProfileError);
    try {
      profile.call('explode');
    } catch (error) {
      expect((error as ProfileError).vmError).toMatchObject({ name: 'TypeError', message: 'bad input' });
    }
    expect(() => profile.call('noSuchFunction')).toThrow(/not a function/);
    expect(() => profile.call('noSuch.path.here')).toThrow(/not a function/);
  });
});

describe('profile host bridge: 8-bit strings', () => {
  it('strings holding NUL and high bytes cross whole in both directions', () => {
    const binary = 'a\u0000b\u00ff\u0001';
    expect(profile.call('__host.echo', binary)).toEqual([binary]);
    expect(calls.at(-1)).toEqual([binary]);
    expect(profile.eval('"x\\u0000y".length + ":" + "x\\u0000y"')).toEqual({ ok: true, value: '3:x\u0000y' });
  });

  it('print keeps a NUL inside a line', () => {
    const before = profile.output().length;
    profile.eval('print("a\\u0000b")');
    expect(profile.output().slice(before)).toEqual(['a\u0000b']);
  });
});
