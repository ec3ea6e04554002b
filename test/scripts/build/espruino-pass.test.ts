import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as acorn from 'acorn';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { espruinoPass } from '../../../scripts/build/espruino-pass';
import { renameEspruinoKeywords } from '../../../scripts/build/rename-keywords';

/** Runs ES5 code in a fresh context and returns what it printed. */
function run(code: string): string[] {
  const lines: string[] = [];
  vm.runInNewContext(code, { print: (...a: unknown[]) => lines.push(a.map(String).join(' ')) });
  return lines;
}

/** The pass without its flatten step: these tests read the shape of the one IIFE they give it. */
function pass(code: string): string {
  const r = espruinoPass(code, 'image.js', { flatten: false });
  if (!r.ok) throw new Error(r.error);
  return r.code;
}

describe('Espruino pass: hoisting', () => {
  it('moves a function declaration above the call that precedes it', () => {
    const out = pass('(function(){print(f(1));function f(n){return n+1}})();');
    expect(out.indexOf('function f')).toBeLessThan(out.indexOf('print(f(1))'));
    expect(run(out)).toEqual(['2']);
  });

  it('declares every var at the top of its function and keeps initialisers in place', () => {
    const src = '(function(){print(typeof x);var x=1;print(x);var y;print(y)})();';
    const out = pass(src);
    expect(out.startsWith('(function(){var x,y;')).toBe(true);
    expect(out).not.toMatch(/var x=1/);
    expect(run(out)).toEqual(run(src));
  });

  it('keeps a var read outside the branch that declares it undefined, as standard JS does', () => {
    const src = '(function(){function g(b){if(b){var v="set"}return v===undefined?"unset":v}print(g(true),g(false))})();';
    expect(run(pass(src))).toEqual(['set unset']);
  });

  it('rewrites var in for and for-in heads without changing iteration', () => {
    const src =
      '(function(){var o={a:1,b:2},s="";for(var k in o)s+=k;for(var i=0,j=10;i<3;i++,j--)s+=i+":"+j;for(var n;;){break}print(s,typeof n)})();';
    const out = pass(src);
    expect(out).not.toMatch(/for\(var/);
    expect(run(out)).toEqual(run(src));
  });

  it('drops declaration-only declarators and keeps initialised ones in order', () => {
    const out = pass('(function(){var a,b=2,c,d=4,e;print(a,b,c,d,e)})();');
    expect(out).toContain('b=2,d=4;');
    expect(run(out)).toEqual(['undefined 2 undefined 4 undefined']);
  });

  it('does not redeclare parameters or function names as vars', () => {
    const out = pass('(function(){function f(a){var a=a||5;return a}var f2=f;print(f2(0),f2(3))})();');
    expect(out).toMatch(/function f\(a\)\{a=a\|\|5;return a\}/);
    expect(run(out)).toEqual(['5 3']);
  });

  it('hoists inside nested functions and blocks independently', () => {
    const src =
      '(function(){print(outer());function outer(){if(true){print(inner());function inner(){return "in"}}return helper();function helper(){var z=3;return z}}})();';
    const out = pass(src);
    expect(run(out)).toEqual(run(src));
    expect(out.indexOf('function helper')).toBeLessThan(out.indexOf('if(true)'));
  });

  it('keeps the directive prologue first', () => {
    const out = pass('(function(){"use strict";f();var q=1;function f(){}})();');
    expect(out.startsWith('(function(){"use strict";var q;function f(){}')).toBe(true);
  });

  it('hoists vars that a bundler declares after their use', () => {
    // esbuild at target es5 emits loops like this one, with the vars declared after the loop.
    const src = '(function(){var s=[1,2];for(a=0,u=s;a<u.length;a++)l=u[a],print(l);var l,a,u})();';
    const out = pass(src);
    expect(out.startsWith('(function(){var s,l,a,u;')).toBe(true);
    expect(run(out)).toEqual(['1', '2']);
  });
});

describe('Espruino pass: builtin prototypes', () => {
  it('rewrites Array.prototype.slice.call into the instance form', () => {
    const out = pass('(function(){print(Array.prototype.slice.call({0:"a",1:"b",length:2},1).join())})();');
    expect(out).toContain('[].slice.call');
    expect(out).not.toContain('Array.prototype');
    expect(run(out)).toEqual(['b']);
  });

  it('rewrites String, Function, Number and Boolean prototype access', () => {
    const src =
      '(function(){print(String.prototype.toUpperCase.call("a"),Function.prototype.call.call(function(){return 7}),Number.prototype.toFixed.call(1.5,2),Boolean.prototype.toString.call(true))})();';
    const out = pass(src);
    expect(out).not.toMatch(/(String|Function|Number|Boolean)\.prototype/);
    expect(run(out)).toEqual(run(src));
  });

  it('leaves a local variable named Array alone', () => {
    const out = pass('(function(){var Array={prototype:{x:1}};print(Array.prototype.x)})();');
    expect(out).toContain('Array.prototype.x');
  });

  it('leaves Object.prototype and user prototypes alone', () => {
    const out = pass('(function(){function F(){}F.prototype.m=function(){};print(Object.prototype.hasOwnProperty.call({a:1},"a"))})();');
    expect(out).toContain('Object.prototype.hasOwnProperty');
    expect(out).toContain('F.prototype.m');
  });
});

describe('Espruino pass: module loading', () => {
  it('turns global.require("Storage") into the plain require("Storage") Espruino documents', () => {
    const out = pass('(function(){var s=global.require("Storage");print(s)})();');
    expect(out).toContain('s=require("Storage")');
    expect(out).not.toContain('global.require');
  });

  it('leaves a local object called global alone', () => {
    const out = pass('(function(global){print(global.require("x"))})({require:function(){return 1}});');
    expect(out).toContain('global.require("x")');
  });
});

describe('Espruino pass: flattening (on by default)', () => {
  it('moves the IIFE bodies to the top level under $ names first, then hoists there, keeping what the code prints', () => {
    const src = '(function(){var g=1;print(f(1));function f(n){return g+n}var K=(function(){function K(){}K.prototype.m=function(){return "m"};return K})();print(new K().m())})();';
    const r = espruinoPass(src);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.code).not.toContain('(function(){');
    // Function declarations first, as Espruino needs them (it does not hoist), after the top-level var list.
    expect(r.code).toMatch(/^var \$\w+(,\$\w+)*;function \$\w+\(n\)\{return \$\w+\+n\}function \$\w+\(\)\{\}/);
    expect(run(r.code)).toEqual(run(src));
    expect(run(r.code)).toEqual(['2', 'm']);
  });

  it('keeps the IIFE with { flatten: false }', () => {
    expect(pass('(function(){var a=1;print(a)})();')).toBe('(function(){var a;a=1;print(a)})();');
  });

  it('maps the flattened, hoisted image back to the code it was given', () => {
    const src = '(function(){\nvar a=1;\nprint(a);\n})();\n';
    const r = espruinoPass(src, 'image.js');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const map = new TraceMap(r.map);
    const at = r.code.indexOf('print(');
    const before = r.code.slice(0, at);
    const traced = originalPositionFor(map, { line: before.split('\n').length, column: at - (before.lastIndexOf('\n') + 1) });
    expect(traced).toMatchObject({ source: 'image.js', line: 3, column: 0 });
  });
});

describe('Espruino pass: input and maps', () => {
  it('reports non-ES5 input instead of rewriting it', () => {
    const r = espruinoPass('(()=>{let a=1})()');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBe(1);
  });

  it('returns a source map of the rewritten image', () => {
    const r = espruinoPass('(function(){f();function f(){}})();', 'image.js');
    expect(r.ok).toBe(true);
    if (r.ok) expect(JSON.parse(r.map)).toMatchObject({ version: 3, sources: ['image.js'] });
  });
});

describe('Espruino pass: names Espruino reads as keywords', () => {
  it('renames every variable, parameter and function called of, let or static to an unused name of the same length, keeping what the code prints', () => {
    const src =
      '(function(){var of=2;function static(let){return let*of}var a={of:1,let:2};a.of=static(3);var ofx="of";print(of,a.of,a.let,ofx)})();';
    const out = pass(src);
    expect(out).not.toMatch(/\b(var|function) (of|let|static)\b|[(,](of|let|static)\)|[^.{,](of|let|static)\*/);
    expect(out).toContain('a={of:1,let:2}');
    expect(out).toContain('a.of=');
    expect(out).toContain('"of"');
    expect(run(out)).toEqual(run(src));
  });

  it('never renames onto a name the image already uses', () => {
    const used = 'aa,ab,ac';
    const out = pass(`(function(){var ${used},of=7;aa=ab=ac=1;print(of+aa)})();`);
    const renamed = /(\w\w)=7/.exec(out)?.[1];
    expect(renamed).toBeDefined();
    expect(used.split(',')).not.toContain(renamed);
    expect(run(out)).toEqual(['8']);
  });

  it('keeps every offset (so the source map holds) and leaves code with no such name untouched', () => {
    const src = '(function(){var of=1,let=[of],o={of:2};function static(x){return x}print(static(of)+o.of+let[0])})();';
    const renamed = renameEspruinoKeywords(src, acorn.parse(src, { ecmaVersion: 5 }) as never);
    expect(renamed.renamed).toBe(7);
    expect(renamed.code.length).toBe(src.length);
    expect(run(renamed.code)).toEqual(run(src));
    const clean = '(function(){var offset=1,o={of:2};print(offset+o.of)})();';
    expect(renameEspruinoKeywords(clean, acorn.parse(clean, { ecmaVersion: 5 }) as never)).toEqual({ code: clean, renamed: 0 });
  });
});
