import { readFileSync } from 'node:fs';
import { parse } from 'acorn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EspruinoProfile } from '../../../scripts/board/profile';
import { PRELUDE_FILES } from '../../../scripts/board/profile/prelude';

let profile: EspruinoProfile;
beforeAll(async () => {
  profile = await EspruinoProfile.create();
});
afterAll(() => profile.dispose());

/** Evaluates an expression in the shared profile and returns its value; fails the test on a VM error. */
function value(code: string): unknown {
  const result = profile.eval(code, 'probe.js');
  if (!result.ok) throw new Error(`${result.error.name}: ${result.error.message}`);
  return result.value;
}

describe('profile prelude source', () => {
  it('every prelude file parses as plain ES5', () => {
    for (const name of PRELUDE_FILES) {
      const code = readFileSync(new URL(`../../../scripts/board/profile/prelude/${name}`, import.meta.url), 'utf8');
      expect(() => parse(code, { ecmaVersion: 5 }), name).not.toThrow();
    }
  });
});

describe('profile dialect: globals Espruino lacks', () => {
  const hidden = ['Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Symbol', 'Proxy', 'Reflect', 'BigInt', 'Promise'];
  it.each(hidden)('%s is not defined', (name) => {
    expect(value(`typeof ${name}`)).toBe('undefined');
    expect(value(`'${name}' in globalThis`)).toBe(false);
  });

  it('Promise is present when the board declares it in allowGlobals', async () => {
    const withPromise = await EspruinoProfile.create({ allowGlobals: ['Promise'] });
    try {
      expect(withPromise.eval('typeof Promise')).toEqual({ ok: true, value: 'function' });
      expect(withPromise.eval('typeof Map')).toEqual({ ok: true, value: 'undefined' });
      withPromise.eval('Promise.resolve(7).then(function (v) { print("then", v) })');
      expect(withPromise.output()).toEqual(['then 7']);
    } finally {
      withPromise.dispose();
    }
  });
});

describe('profile dialect: builtin members Espruino lacks', () => {
  const missing = [
    'Array.from', 'Array.of', 'Uint8Array.from', 'Uint8Array.of', 'Float32Array.from', 'Number.isInteger', 'Math.trunc',
    'Math.imul', 'Object.freeze', 'Object.seal', 'Date.UTC', '"".codePointAt', '"".localeCompare', '[].reduceRight',
    '[].lastIndexOf', '[].flat', '[].flatMap', 'new ArrayBuffer(1).slice',
  ];
  it.each(missing)('%s is undefined', (member) => {
    expect(value(`typeof ${member}`)).toBe('undefined');
  });

  it('members Espruino has stay: Array.isArray, String.fromCharCode, [].indexOf, "".indexOf, Object.keys', () => {
    expect(value('[Array.isArray([]), String.fromCharCode(65), [1, 2].indexOf(2), "ab".indexOf("b"), Object.keys({a: 1})]')).toEqual([
      true, 'A', 1, 1, ['a'],
    ]);
  });
});

describe('profile dialect: builtin methods read as undefined through X.prototype', () => {
  it('Array.prototype.slice reads as undefined while [].slice works', () => {
    expect(value('typeof Array.prototype.slice')).toBe('undefined');
    expect(value('[1, 2, 3].slice(1)')).toEqual([2, 3]);
  });

  it('Array.prototype.slice.call(x) throws a TypeError while [].slice.call(x) works', () => {
    expect(value('try { Array.prototype.slice.call({length: 1, 0: "a"}); "no error" } catch (e) { e instanceof TypeError }')).toBe(true);
    expect(value('[].slice.call({length: 2, 0: "a", 1: "b"})')).toEqual(['a', 'b']);
  });

  it('String.prototype.charCodeAt reads as undefined while "".charCodeAt works', () => {
    expect(value('typeof String.prototype.charCodeAt')).toBe('undefined');
    expect(value('"A".charCodeAt(0)')).toBe(65);
  });

  it('Function.prototype.call reads as undefined while (function(){}).call works', () => {
    expect(value('typeof Function.prototype.call')).toBe('undefined');
    expect(value('typeof Function.prototype.apply')).toBe('undefined');
    expect(value('(function (a) { return this.x + a; }).call({x: 1}, 2)')).toBe(3);
  });

  it('Object.prototype.hasOwnProperty.call keeps working', () => {
    expect(value('Object.prototype.hasOwnProperty.call({a: 1}, "a")')).toBe(true);
  });

  it('[] instanceof Array and Array.isArray still work; a plain object is not an Array', () => {
    expect(value('[[] instanceof Array, Array.isArray([]), ({}) instanceof Array, [] instanceof Object]')).toEqual([true, true, false, true]);
  });

  it('the constructors still construct and convert: new Array(3).length === 3, String(5) === "5"', () => {
    expect(value('new Array(3).length')).toBe(3);
    expect(value('Array(1, 2)')).toEqual([1, 2]);
    expect(value('String(5) === "5"')).toBe(true);
    expect(value('[typeof new String("ab"), new String("ab").length, String()]')).toEqual(['object', 2, '']);
    expect(value('new Function("a", "return a * 2")(21)')).toBe(42);
  });

  it('instances still name their constructor, and functions are instanceof Function', () => {
    expect(value('[[].constructor === Array, "".constructor === String, (function () {}).constructor === Function]')).toEqual([true, true, true]);
    expect(value('[(function () {}) instanceof Function, new String("a") instanceof String, "a" instanceof String]')).toEqual([true, true, false]);
  });

  it('a method the program adds to Array.prototype is seen by instances', () => {
    expect(value('Array.prototype.second = function () { return this[1]; }; [7, 8].second()')).toBe(8);
    expect(value('typeof Array.prototype.second')).toBe('function');
    expect(value('delete Array.prototype.second; typeof [].second')).toBe('undefined');
  });
});

describe('profile dialect: Object.create', () => {
  it('Object.create with a second argument throws "propertiesObject is not supported yet"', () => {
    const result = profile.eval('Object.create({}, {a: {value: 1}})');
    expect(result).toMatchObject({ ok: false, error: { name: 'Error', message: 'propertiesObject is not supported yet' } });
  });

  it('Object.create with one argument works', () => {
    expect(value('var proto = {hi: function () { return "hi"; }}; Object.create(proto).hi()')).toBe('hi');
    expect(value('Object.getPrototypeOf(Object.create(null))')).toBe(null);
  });
});
