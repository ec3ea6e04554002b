import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import MagicString from 'magic-string';
import { describe, expect, it } from 'vitest';
import { checkImage, formatViolation, RULES, type GateViolation } from '../../../scripts/build/gate/index';

const FIXTURES = fileURLToPath(new URL('../../fixtures/gate/', import.meta.url));
/** In fires.js, the construct the rule must report starts right after this comment. */
const MARKER = '/*@gate*/';

function fixture(ruleId: string, name: 'fires.js' | 'lookalike.js'): string {
  return readFileSync(`${FIXTURES}${ruleId}/${name}`, 'utf8');
}

/** 1-based line and 0-based column of the first non-blank character after the marker. */
function markedPosition(code: string): { line: number; column: number } | undefined {
  const at = code.indexOf(MARKER);
  if (at < 0) return undefined;
  let offset = at + MARKER.length;
  while (code[offset] === ' ') offset++;
  const before = code.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) };
}

function rulesOf(violations: GateViolation[]): string[] {
  return violations.map((v) => v.rule);
}

/** Wraps statements into the shape of an image. */
function image(body: string): string {
  return `(function () {\n${body}\n})();\n`;
}

describe('dialect gate fixtures', () => {
  it('has a fires.js and a lookalike.js fixture for every rule, and no fixture for an unknown rule', () => {
    const missing = RULES.flatMap(({ id }) =>
      (['fires.js', 'lookalike.js'] as const).filter((f) => !existsSync(`${FIXTURES}${id}/${f}`)).map((f) => `${id}/${f}`),
    );
    expect(missing).toEqual([]);
    const ids = new Set(RULES.map((r) => r.id));
    expect(readdirSync(FIXTURES).filter((dir) => !ids.has(dir))).toEqual([]);
  });

  it('lists every rule once, with a kebab-case id and a summary', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.summary.length).toBeGreaterThan(10);
    }
  });

  for (const { id } of RULES) {
    describe(id, () => {
      it(`fires.js is rejected by ${id} alone, at the marked construct`, () => {
        const code = fixture(id, 'fires.js');
        const violations = checkImage(code);
        expect(violations.length).toBeGreaterThan(0);
        expect(new Set(rulesOf(violations))).toEqual(new Set([id]));
        const marked = markedPosition(code);
        expect(marked, `fires.js of ${id} needs a ${MARKER} marker`).toBeDefined();
        expect(violations.map(({ line, column }) => ({ line, column }))).toContainEqual(marked);
        for (const v of violations) expect(v.message.length).toBeGreaterThan(20);
      });

      it('lookalike.js passes the gate with no violation at all', () => {
        expect(checkImage(fixture(id, 'lookalike.js'))).toEqual([]);
      });
    });
  }
});

describe('rule precision', () => {
  it('reports a RegExp-literal lookahead at the group, not at the literal', () => {
    const code = 'var a = 1; var re = /^v(\\d+)(?=ms)/;';
    const [v] = checkImage(code, { prefixedGlobals: false });
    expect(v).toMatchObject({ rule: 'regex-lookaround', line: 1, column: code.indexOf('(?=') });
  });

  it('reports a missing method at its name in a minified one-line image', () => {
    const code = '!function(){var n="a.b.c",e=[1,[2]];print(n.lastIndexOf("."),e.flat())}();';
    const violations = checkImage(code);
    expect(violations.map((v) => [v.rule, v.column])).toEqual([
      ['missing-method', code.indexOf('lastIndexOf')],
      ['missing-method', code.indexOf('flat(')],
    ]);
  });

  it('reports an es5-syntax violation at acorn\'s position, naming the construct', () => {
    const cases: [string, string, RegExp][] = [
      // acorn 5 reads `=>` as `=` then `>` (and `**` as `*` `*`), and stops at the second character
      ['var f = function () { return [1].map((x) => x); };', '> x', /arrow/],
      ['let n = 1;', 'n', /let/],
      ['var o = { [k]: 1 };', '[', /.+/],
      ['function f(a = 1) {}', '= 1', /default parameter/],
      ['var a = 2 ** 3;', '* 3', /Math\.pow/],
      ['for (var x of xs) {}', 'of', /for-of/],
      ['var r = /a/u;', 'a/u', /flag/], // acorn points just inside the literal
    ];
    for (const [code, at, hint] of cases) {
      const violations = checkImage(code, { filename: 'dist/esp32/image.js' });
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatchObject({ rule: 'es5-syntax', line: 1, column: code.indexOf(at) });
      expect(violations[0].message).toMatch(hint);
      expect(violations[0].message).toContain('dist/esp32/image.js');
    }
  });

  it('does not treat writes to a local called length, or reads of .length, as length assignment', () => {
    expect(checkImage(image('var length = 0, a = [1]; length = a.length; length++; a.push(length);'))).toEqual([]);
    expect(rulesOf(checkImage(image('var a = [1, 2]; a["length"] -= 1; a.length++;')))).toEqual([
      'length-assign',
      'length-assign',
    ]);
  });

  it('treats a function declared and used inside a nested function as fine, and a write before var as a hoisting dependence', () => {
    expect(checkImage(image('function g() { return h(); } function h() { return 1; } g();'))).toEqual([]);
    expect(rulesOf(checkImage(image('x = 1; var x; print(x);')))).toEqual(['use-before-declare']);
    expect(rulesOf(checkImage(image('function f(a) { print(a); var a; } f(1);')))).toEqual([]);
  });

  it('keeps typeof feature tests of absent globals silent', () => {
    const code = image('if (typeof __aliotMark === "function") __aliotMark("x"); var p = typeof Symbol, q = typeof setImmediate;');
    expect(checkImage(code)).toEqual([]);
  });

  it('stays silent on uses that a typeof feature test guards, as in tsc helpers', () => {
    const code = image(
      [
        'function read(o) { var m = typeof Symbol === "function" && o[Symbol.iterator]; return m ? m.call(o) : o; }',
        'var proto = (typeof Iterator === "function" ? Iterator : Object).prototype;',
        'if (typeof Map !== "undefined") { print(new Map()); } else { print({}); }',
        'if (typeof setImmediate !== "function") { print(1); } else { setImmediate(print); }',
        'var t = Math.trunc ? Math.trunc(1.5) : Math.floor(1.5);',
        'var n = typeof Number.isInteger === "function" && Number.isInteger(t);',
        'print(read([1]), proto, t, n);',
      ].join('\n'),
    );
    expect(checkImage(code)).toEqual([]);
  });

  it('still fires on a use that the feature test does not guard', () => {
    const cases: [string, string][] = [
      ['if (typeof Map !== "undefined") { print(1); } print(new Map());', 'forbidden-global'],
      ['var s = typeof Symbol === "function" || Symbol.iterator;', 'forbidden-global'],
      ['var b = typeof Buffer === "undefined" && Buffer.from("x");', 'unknown-global'],
      ['var t = Math.floor ? Math.trunc(1.5) : 0;', 'missing-builtin'],
    ];
    for (const [body, rule] of cases) expect(rulesOf(checkImage(image(body))), body).toEqual([rule]);
  });

  it('fires conditional-var when a loop, a catch or another switch case may have skipped the only declaration', () => {
    const cases = [
      'function f(xs) { for (var i = 0; i < xs.length; i++) { var last = xs[i]; } return last; }',
      'function g(s) { try { s(); } catch (e) { var failed = true; } return failed; }',
      'function h(k) { switch (k) { case 1: var v = 1; break; case 2: return v; } return 0; }',
      'function k(ok) { if (ok) var token = "t"; print(token); }',
    ];
    for (const body of cases) expect(rulesOf(checkImage(image(body))), body).toEqual(['conditional-var']);
  });

  it('resolves names through functions that call eval, where eslint-scope leaves references unresolved', () => {
    const code = image('var Map = {}; function f(s) { eval(s); return Map; } f("1");');
    expect(checkImage(code)).toEqual([]);
  });

  it('accepts top-level vars and functions named $… (a flattened image) and an image that is one IIFE, in any form', () => {
    expect(checkImage('"use strict";var $a,$b;function $c(){return 1}$a=$c();for(var $d=0;$d<1;$d++)print($a,$d);')).toEqual([]);
    expect(checkImage('"use strict";\n(function () { var helper = 1; print(helper); }).call(this);')).toEqual([]);
    expect(checkImage('!function(){function helper(){}helper()}();print(1);')).toEqual([]);
    expect(checkImage('')).toEqual([]);
  });

  it('fires leaked-global once for each top-level var or function not named $…, wherever it is declared, and not with prefixedGlobals off', () => {
    const code = 'var helper = 1, $ok = 2;\nfunction boot() {}\nif ($ok) { var late = 3; }\nfor (var i = 0; i < 1; i++) boot();\nvar $ = 4;\nprint(helper, $);';
    const violations = checkImage(code);
    expect(violations.map((v) => [v.rule, v.line])).toEqual([
      ['leaked-global', 1],
      ['leaked-global', 2],
      ['leaked-global', 3],
      ['leaked-global', 4],
      ['leaked-global', 5],
    ]);
    expect(violations.map((v) => v.message.split(' ').slice(0, 2).join(' '))).toEqual(['var helper', 'function boot', 'var late', 'var i', 'var $']);
    expect(checkImage(code, { prefixedGlobals: false })).toEqual([]);
  });
});

describe('options', () => {
  it('admits Promise when the board lists it in allowGlobals, and rejects it otherwise', () => {
    const code = image('var ready = new Promise(function (resolve) { setTimeout(resolve, 10); }); ready.then(print);');
    expect(rulesOf(checkImage(code))).toEqual(['forbidden-global']);
    expect(checkImage(code, { allowGlobals: ['Promise'] })).toEqual([]);
  });

  it('admits a board-declared extra global through allowGlobals', () => {
    const code = image('Wifi.connect("ssid", {}, print);');
    expect(rulesOf(checkImage(code))).toEqual(['unknown-global']);
    expect(checkImage(code, { allowGlobals: ['Wifi'] })).toEqual([]);
  });
});

describe('formatViolation', () => {
  // A hand-made "compile": the TypeScript line survives into the image one line lower, inside the IIFE.
  const ts = 'function boot() {\n  var seen = new Map();\n  print(seen);\n}\n';
  const s = new MagicString(ts);
  s.prepend('(function () {\n');
  s.append('boot();\n})();\n');
  const code = s.toString();
  const map = s.generateMap({ source: 'src/link/boot.ts', hires: true });

  it('names the rule, the image position and the TypeScript source when a source map is given', () => {
    const [v] = checkImage(code, { sourceMap: map.toString() });
    expect(v).toMatchObject({ rule: 'forbidden-global', line: 3, column: 17 });
    expect(v.source).toEqual({ file: 'src/link/boot.ts', line: 2, column: 17 });
    const text = formatViolation(v, 'dist/esp32/image.js');
    expect(text.startsWith('dist/esp32/image.js:3:18 [forbidden-global] Map is not available on Espruino')).toBe(true);
    expect(text.endsWith('(src/link/boot.ts:2:18)')).toBe(true);
  });

  it('accepts the source map as an object too, and defaults the file name to image.js', () => {
    const [v] = checkImage(code, { sourceMap: JSON.parse(map.toString()) as object });
    expect(v.source?.file).toBe('src/link/boot.ts');
    expect(formatViolation(v)).toMatch(/^image\.js:3:18 \[forbidden-global\] /);
  });

  it('prints no source location without a source map', () => {
    const [v] = checkImage(code);
    expect(v.source).toBeUndefined();
    expect(formatViolation(v)).not.toMatch(/\([^()]+:\d+:\d+\)$/);
  });
});

describe('no false positives', () => {
  /** Self-contained clean statements with distinct names: any subset, in any order, is a clean image. */
  const CLEAN = [
    'var a1 = [1, 2, 3]; var s1 = [].slice.call(a1, 1); print(s1.length);',
    'function sum2(xs) { var t = 0; for (var i = 0; i < xs.length; i++) { t += xs[i]; } return t; } print(sum2([1, 2]));',
    'var o3 = Object.create(null); o3.k = 1; print(Object.keys(o3).join(","));',
    'var re4 = /^\\d+(?:ms)?$/; print(re4.test("10ms"), "(?=".length);',
    'var t5 = "a-b".replace(/-/g, function (m) { return m + m; }); print(t5);',
    'var j6 = JSON.stringify({ a: 1 }, null, 2); print(JSON.parse(j6).a);',
    'var h7 = Object.prototype.hasOwnProperty; print(h7.call({ x: 1 }, "x"));',
    'var u8 = new Uint8Array(4); u8.set([1, 2], 0); print(u8.subarray(1).length);',
    'var tm9 = setTimeout(function () { print("tick"); }, 10); clearTimeout(tm9);',
    'if (typeof __aliotMark === "function") { __aliotMark("phase"); }',
    'var f10 = function (x) { return x * 2; }; print(f10(2));',
    'try { JSON.parse("{"); } catch (e11) { print(e11.message); }',
    'var n12 = Math.floor(Date.now()); print(n12 > 0, Math.pow(2, 8));',
    'switch (getSerial().length) { case 0: print("none"); break; default: print("serial"); }',
    'var q13 = []; q13.push(1); q13.splice(0); print(q13.length, { length: 1 }.length);',
    'function Dev14(id) { this.id = id; } Dev14.prototype.name = function () { return "d" + this.id; }; print(new Dev14(1).name());',
    'var w15 = E.toString(new Uint8Array([65])); print(w15, "lastIndexOf", { flat: 1 }.flat);',
    'var c16 = 0; do { var d16 = c16; c16++; } while (c16 < 3); print(d16);',
  ];

  it('the gate reports nothing for any subset of clean statements in any order, in any IIFE form', () => {
    const wrappers = [
      (body: string) => `(function () {\n${body}\n})();`,
      (body: string) => `"use strict";!function(){${body}}();`,
      (body: string) => `(function () { ${body} }).call(this);`,
    ];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(CLEAN, { minLength: 1 }),
        fc.constantFrom(...wrappers),
        fc.constantFrom('\n', ' ', ''),
        (statements, wrap, separator) => {
          expect(checkImage(wrap(statements.join(separator)))).toEqual([]);
        },
      ),
    );
  });

  it('no rule mistakes a local that shadows a builtin for the builtin', () => {
    const builtins = ['Map', 'Set', 'Symbol', 'Promise', 'Buffer', 'Array', 'Object', 'JSON', 'RegExp', 'Math', 'Number', 'Date', 'Uint8Array', 'String'];
    fc.assert(
      fc.property(fc.constantFrom(...builtins), fc.boolean(), (name, asParameter) => {
        const uses = [
          `${name}.from([1]); ${name}.of(1); ${name}.trunc(1.5); ${name}.create(null, {});`,
          `${name}.stringify(1, function () {}); ${name}.parse("1", 2);`,
          `${name}.prototype.slice; ${name}.prototype.toString.call([]); new ${name}("(?=x)");`,
        ].join(' ');
        const value = '{ prototype: {} }';
        const body = asParameter
          ? `function use(${name}) { ${uses} } use(${value});`
          : `var ${name} = ${value}; ${uses}`;
        expect(checkImage(image(body))).toEqual([]);
      }),
    );
  });

  it('every lookalike fixture, wrapped together into one image, stays clean', () => {
    const bodies = RULES.map(({ id }) =>
      fixture(id, 'lookalike.js')
        .replace(/^"use strict";\s*/, '')
        .trim(),
    );
    // Each lookalike is itself one IIFE statement; inside one outer IIFE they are plain expression statements.
    expect(checkImage(image(bodies.join('\n')))).toEqual([]);
  });
});
