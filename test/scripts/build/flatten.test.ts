import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { analyze } from 'eslint-scope';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boards } from '../../../boards/index';
import { bundleImage } from '../../../scripts/build/bundle';
import { featureDefines } from '../../../scripts/build/features';
import { flattenIifes } from '../../../scripts/build/flatten';
import { checkImage } from '../../../scripts/build/gate';
import { loweredPath, lowerToEs5 } from '../../../scripts/build/lower';
import { projectRoot } from '../../../scripts/project-root';

/**
 * Runs ES5 code in a fresh context; returns what it printed, then `threw <Error name>` if it threw. A function prints
 * as [function]: its source text is not part of what the step keeps (it renames).
 */
function run(code: string): string[] {
  const lines: string[] = [];
  const print = (...a: unknown[]) => lines.push(a.map((x) => (typeof x === 'function' ? '[function]' : String(x))).join(' '));
  try {
    vm.runInNewContext(code, { print, console: { log: print } }, { timeout: 2000 });
  } catch (err) {
    lines.push(`threw ${(err as Error).name}`);
  }
  return lines;
}

function flat(code: string): string {
  return flattenIifes(code).code;
}

function parse(code: string): acorn.Program {
  return acorn.parse(code, { ecmaVersion: 5, sourceType: 'script', ranges: true });
}

/** Names the program declares at its top level (vars and functions). */
function topLevelNames(code: string): string[] {
  const global = analyze(parse(code), { ecmaVersion: 5, sourceType: 'script' }).globalScope!;
  return global.variables.filter((v) => v.defs.length > 0).map((v) => v.name);
}

/** Every IIFE left in the program, as source text. */
function iifesIn(code: string): string[] {
  const found: string[] = [];
  walk.simple(parse(code), {
    CallExpression(node) {
      if (node.callee.type === 'FunctionExpression') found.push(code.slice(node.start, node.end));
    },
  });
  return found;
}

/** Every identifier token of the program. */
function identifiersIn(code: string): Set<string> {
  const names = new Set<string>();
  for (const token of acorn.tokenizer(code, { ecmaVersion: 5 })) {
    if (token.type === acorn.tokTypes.name) names.add(code.slice(token.start, token.end));
  }
  return names;
}

/** The flattened program prints the same, declares at the top level only what the input did plus $ names. */
function expectSameMeaning(src: string): string {
  const out = flat(src);
  expect(run(out)).toEqual(run(src));
  const before = new Set(topLevelNames(src));
  const added = topLevelNames(out).filter((n) => !before.has(n));
  expect(added.filter((n) => !/^\$[\w$]+$/.test(n))).toEqual([]);
  return out;
}

describe('flatten: the forms of a run-once IIFE', () => {
  it('moves a bare call statement`s body to the top level', () => {
    const out = expectSameMeaning('(function(){var a=1;function f(){return a+1}print(f())})();');
    expect(iifesIn(out)).toEqual([]);
    expect(out).toMatch(/^var \$\w+=1;function \$\w+\(\)\{return \$\w+\+1\}print\(\$\w+\(\)\);?$/);
  });

  it('takes !function(){}() and void function(){}() and (function(){}()) too', () => {
    for (const src of ['!function(){var a="bang";print(a)}();', 'void function(){var a="void";print(a)}();', '(function(){var a="in";print(a)}());']) {
      const out = expectSameMeaning(src);
      expect(iifesIn(out), src).toEqual([]);
    }
  });

  it('turns X = iife() into the body followed by X = (E), parenthesizing a sequence return value', () => {
    const src = 'var K;K=(function(){function K(){this.v=1}K.prototype.m=function(){return "m"+this.v};return K.s=2,K})();print(new K().m(),K.s);';
    const out = expectSameMeaning(src);
    expect(iifesIn(out)).toEqual([]);
    expect(out).toMatch(/K=\(\$\w+\.s=2,\$\w+\);/);
    expect(run(out)).toEqual(['m1 2']);
  });

  it('binds parameters to plain-name and literal arguments with var, and leaves a missing argument undefined', () => {
    const src =
      'var Base=function(){};Base.prototype.hi=function(){return "hi"};' +
      'var D=(function(r,n,u){function D(){}D.prototype=new r();D.prototype.n=n;print(typeof u);r="changed";return D})(Base,7);' +
      'print(new D().hi(),new D().n,typeof Base);';
    const out = expectSameMeaning(src);
    expect(out).toMatch(/var \$\w+=Base,\$\w+=7,\$\w+;/);
    expect(run(out)).toEqual(['undefined', 'hi 7 function']);
  });

  it('splits a var statement around an IIFE declarator, keeping the other declarators in order', () => {
    const src = 'var a=1,X=(function(){var a=2;print("in",a);return a*10})(),b=a+X;print(a,X,b);';
    const out = expectSameMeaning(src);
    expect(iifesIn(out)).toEqual([]);
    expect(out).toMatch(/^var a=1;var \$\w+=2;print\("in",\$\w+\);var X=\(\$\w+\*10\);var b=a\+X;print\(a,X,b\);$/);
  });

  it('splits a comma sequence around IIFE elements, bare or assigned', () => {
    const src = 'var Y;print("a"),(function(){var s="b";print(s)})(),Y=(function(){return 3})(),print("c",Y);';
    const out = expectSameMeaning(src);
    expect(iifesIn(out)).toEqual([]);
    expect(run(out)).toEqual(['a', 'b', 'c 3']);
  });

  it('gives X undefined when the IIFE has no return, or a bare return at its end', () => {
    expect(expectSameMeaning('var X=5;X=(function(){print(1)})();print(X);')).toContain('X=void 0;');
    expect(expectSameMeaning('var X=(function(){print(1);return})();print(typeof X);')).toContain('var X=void 0;');
  });

  it('flattens nested IIFEs round after round: the bundle`s, then the class IIFEs it held, then theirs', () => {
    const src =
      '"use strict";(function(){var n=0;var A=(function(){function A(){n++}var B=(function(){function B(){}return B})();A.B=B;return A})();new A();print(n,typeof A.B);})();';
    const r = flattenIifes(src);
    expect(r.flattened).toBe(3);
    expect(iifesIn(r.code)).toEqual([]);
    expect(run(r.code)).toEqual(run(src));
    expect(topLevelNames(r.code).every((n) => n.startsWith('$'))).toBe(true);
  });

  it('keeps statement boundaries when the body ends without a semicolon or the statement before it does', () => {
    const sources = [
      'var K=(function(){function K(){}K.prototype.m=function(){return 1}})();print(typeof K);',
      '(function(){var a=1\nprint(a)})()\n;(function(){print(2)})()',
      'var a=[1]\n!function(){print(a.length)}()',
      'var X=(function(){var a=(1)\nreturn a})();print(X);',
      '(function(){var t=print\nreturn (t)("ret")})();',
    ];
    for (const src of sources) {
      const out = expectSameMeaning(src);
      expect(iifesIn(out), src).toEqual([]);
    }
  });

  it('drops the body`s "use strict" when the program is strict, and does the same work', () => {
    const src = '"use strict";(function(){"use strict";var a=1;print(a)})();';
    const out = expectSameMeaning(src);
    expect(out.match(/use strict/g)).toHaveLength(1);
  });
});

describe('flatten: IIFEs that stay as they are', () => {
  const alone: [string, string][] = [
    ['reads this', '(function(){var a=this;print(typeof a)})();'],
    ['reads arguments', '(function(){var n=arguments.length;print(n)})(1);'],
    ['returns before its end', 'var X=(function(){var a=1;if(a)return 1;return 2})();print(X);'],
    ['returns inside a block at its end', 'var X=(function(){var a=1;{return a}})();print(X);'],
    ['takes an argument that is an expression', 'var E;(function(r){r[r.A=0]="A"})(E||(E={}));print(E[0]);'],
    ['takes more arguments than it names', '(function(a){print(a)})(1,2);'],
    ['has a name of its own', '(function f(){var a=typeof f;print(a)})();'],
    ['calls eval', '(function(){var a=1;print(eval("a"))})();'],
    ['is strict in a sloppy program', '(function(){"use strict";var a=1;print(a)})();'],
    ['is called with .call(this)', '(function(){var a=1;print(a)}).call(this);'],
    ['declares a function under a parameter`s name', '(function(r){function r(){return 1}print(typeof r)})(2);'],
    ['is not a statement of its own', 'if(true)(function(){var a=1;print(a)})();'],
    ['is combined with another operator', 'var X=1+(function(){return 1})();print(X);'],
  ];
  for (const [why, src] of alone) {
    it(`leaves an IIFE alone that ${why}`, () => {
      const r = flattenIifes(src);
      expect(r.flattened).toBe(0);
      expect(r.code).toBe(src);
      expect(run(r.code)).toEqual(run(src));
    });
  }

  it('still flattens a this or arguments read by a nested function', () => {
    const src = '(function(){function F(){this.n=arguments.length}print(new F(1,2).n)})();';
    const out = expectSameMeaning(src);
    expect(iifesIn(out)).toEqual([]);
  });
});

describe('flatten: names', () => {
  it('never picks a fresh name that the input uses as an identifier, a property or a string', () => {
    const src =
      'var $a=1,o={$b:2};o.$c=3;var s="$d";(function(){var x=10,y=20,z=30;function w(){return x+y+z}print($a,o.$b,o.$c,s,w())})();print(typeof $e);';
    const out = expectSameMeaning(src);
    const fresh = topLevelNames(out).filter((n) => !topLevelNames(src).includes(n));
    expect(fresh).toHaveLength(4);
    for (const name of fresh) expect(['$a', '$b', '$c', '$d', '$e']).not.toContain(name);
    for (const name of fresh) expect(identifiersIn(src).has(name)).toBe(false);
  });

  it('renames every binding of a moved body, including those only nested functions and catch blocks see', () => {
    const src = '(function(){var a=1;function g(){try{throw a}catch(a){return a+1}}print(g(),a)})();var a="outer";print(a);';
    const out = expectSameMeaning(src);
    expect(run(out)).toEqual(['2 1', 'outer']);
    expect(topLevelNames(out).filter((n) => !n.startsWith('$'))).toEqual(['a']);
  });
});

describe('flatten: source map', () => {
  it('maps every moved statement back to where it was in the input', () => {
    const src = '"use strict";\n(function(){\n  var a = 1;\n  var K = (function(r){\n    function K(){ print("ctor", r); }\n    return K;\n  })(a);\n  print("made", new K() instanceof K);\n})();\n';
    const r = flattenIifes(src, 'image.js');
    expect(r.flattened).toBe(2);
    const map = new TraceMap(r.map);
    const position = (code: string, offset: number) => {
      const before = code.slice(0, offset);
      return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) };
    };
    const pairs = [
      ['print("ctor"', 'print("ctor"'],
      ['print("made"', 'print("made"'],
      ['function $', 'function K'],
    ];
    for (const [inOutput, inInput] of pairs) {
      expect(r.code).toContain(inOutput);
      const traced = originalPositionFor(map, position(r.code, r.code.indexOf(inOutput!)));
      expect({ line: traced.line, column: traced.column }, inInput).toEqual(position(src, src.indexOf(inInput!)));
      expect(traced.source).toBe('image.js');
    }
  });
});

// Random chains of nested IIFEs in every form the step takes (and some it must leave), with vars, functions,
// parameters and returns that reuse the same few names at every level, so renaming mistakes show as changed output.
const NAMES = ['a', 'b', 'r'];
const name = fc.constantFrom(...NAMES);
const fnName = fc.constantFrom('f', 'g');
const literal = fc.oneof(fc.integer({ min: 0, max: 99 }).map(String), fc.constantFrom('"s"', 'null', 'true'));
const read = name.map((n) => `(typeof ${n}==="undefined"?"u":${n})`);
const call = fnName.map((f) => `(typeof ${f}==="function"?${f}():"nf")`);
const expr = fc.oneof(literal, read, call);
const leafExpr = fc.oneof(literal, read);
const params = fc.subarray(NAMES, { maxLength: 2 });
const args = fc.array(fc.oneof(literal, fc.constantFrom('print', 'undefined'), name), { maxLength: 2 });

interface Gen {
  code: string;
  /** An IIFE that must stay is somewhere in it. */
  alone: boolean;
}

const simple: fc.Arbitrary<Gen> = fc
  .oneof(
    fc.tuple(name, expr).map(([n, e]) => `var ${n}=${e};`),
    fc.tuple(name, expr).map(([n, e]) => `${n}=${e};`),
    expr.map((e) => `print(${e});`),
    fc.tuple(fnName, leafExpr).map(([f, e]) => `function ${f}(){return ${e};}`),
    fc.tuple(name, fnName, leafExpr).map(([n, f, e]) => `var ${n}=function ${f}(){return ${e};};`),
  )
  .map((code) => ({ code, alone: false }));

function statement(depth: number): fc.Arbitrary<Gen> {
  if (depth === 0) return simple;
  const inner = fc.array(statement(depth - 1), { minLength: 1, maxLength: 3 });
  const joined = inner.map((list) => ({ code: list.map((s) => s.code).join(''), alone: list.some((s) => s.alone) }));
  const fn = fc.tuple(params, joined, args).map(([p, b, a]) => ({
    head: `function(${p.join(',')}){`,
    body: b,
    args: a.slice(0, p.length).join(','),
  }));
  const iife = fc.oneof(
    fn.map((f) => ({ code: `(${f.head}${f.body.code}})(${f.args});`, alone: f.body.alone })),
    fn.map((f) => ({ code: `!${f.head}${f.body.code}}(${f.args});`, alone: f.body.alone })),
    fc.tuple(name, fn, expr, fc.boolean()).map(([n, f, e, ret]) => ({
      code: `${n}=(${f.head}${f.body.code}${ret ? `return ${e},${e};` : ''}})(${f.args});`,
      alone: f.body.alone,
    })),
    fc.tuple(name, fn, expr).map(([n, f, e]) => ({
      code: `var c=1,${n}=(${f.head}${f.body.code}return ${e};})(${f.args}),d=c;print(c,d);`,
      alone: f.body.alone,
    })),
    fc.tuple(fn, name, expr).map(([f, n, e]) => ({
      code: `print("s1"),(${f.head}${f.body.code}})(${f.args}),${n}=(function(){return ${e}})(),print("s2");`,
      alone: f.body.alone,
    })),
    joined.map((b) => ({ code: `(function(){print(typeof this);${b.code}})();`, alone: true })),
    joined.map((b) => ({ code: `(function(){${b.code}if(typeof a==="number")return;print("late");})();`, alone: true })),
  );
  return fc.oneof({ weight: 1, arbitrary: simple }, { weight: 2, arbitrary: iife });
}

const programs = fc
  .tuple(fc.boolean(), fc.array(statement(3), { minLength: 1, maxLength: 4 }))
  .map(([strict, list]) => ({
    code: `${strict ? '"use strict";' : ''}(function(){${list.map((s) => s.code).join('')}})();`,
    alone: list.some((s) => s.alone),
  }));

describe('flatten: properties', () => {
  it('keeps what any chain of nested IIFEs prints, adds only $ globals, and leaves no IIFE that it may move', () => {
    let flattened = 0;
    fc.assert(
      fc.property(programs, ({ code, alone }) => {
        const r = flattenIifes(code);
        flattened += r.flattened;
        expect(run(r.code)).toEqual(run(code));
        const added = topLevelNames(r.code);
        expect(added.filter((n) => !/^\$[\w$]+$/.test(n))).toEqual([]);
        for (const n of added) expect(identifiersIn(code).has(n)).toBe(false);
        if (!alone) expect(iifesIn(r.code)).toEqual([]);
        expect(checkImage(r.code, { allowGlobals: [...NAMES, 'f', 'g', 'c', 'd'] }).filter((v) => v.rule === 'leaked-global')).toEqual([]);
      }),
      { numRuns: 200, seed: 20261208 },
    );
    expect(flattened).toBeGreaterThan(400);
  });
});

describe('flatten: the real bundles', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'aliot-flatten-'));
  const bundles = new Map<string, string>();
  const names = ['selftest', 'esp32', 'espruino-linux-full'];
  beforeAll(async () => {
    const chosen = boards.filter((b) => names.includes(b.name));
    const lowered = lowerToEs5(projectRoot, chosen.map((b) => b.image!.entry), work);
    if (!lowered.ok) throw new Error(lowered.errors.join('\n'));
    for (const board of chosen) {
      const r = await bundleImage(loweredPath(projectRoot, board.image!.entry, work), projectRoot, true, featureDefines(board));
      if (!r.ok) throw new Error(r.errors.join('\n'));
      bundles.set(board.name, r.code);
    }
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the self-test bundle prints the same, with its class IIFEs gone and only the enum IIFE left', () => {
    const src = bundles.get('selftest')!;
    const out = expectSameMeaning(src);
    expect(run(out)).toContain('done');
    expect(iifesIn(src).length).toBeGreaterThan(iifesIn(out).length);
    expect(iifesIn(out)).toHaveLength(1);
    expect(iifesIn(out)[0]).toMatch(/^\(function\(r\)\{r\[r\.Circle=0\]/);
  });

  for (const board of ['esp32', 'espruino-linux-full']) {
    it(`the ${board} bundle boots the same in node (to its "not provisioned" halt) with no IIFE left and only $ globals`, () => {
      const src = bundles.get(board)!;
      expect(topLevelNames(src)).toEqual([]);
      const r = flattenIifes(src);
      expect(r.flattened).toBeGreaterThanOrEqual(5);
      expect(iifesIn(r.code)).toEqual([]);
      const printed = run(r.code);
      expect(printed).toEqual(run(src));
      expect(printed.join('\n')).toMatch(/aliot: halted NOT_PROVISIONED/);
      const globals = topLevelNames(r.code);
      expect(globals.length).toBeGreaterThan(100);
      expect(globals.filter((n) => !/^\$[\w$]+$/.test(n))).toEqual([]);
      const inputNames = identifiersIn(src);
      expect(globals.filter((n) => inputNames.has(n))).toEqual([]);
    });
  }
});
