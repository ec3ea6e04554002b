import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { espruinoPass } from '../../../scripts/build/espruino-pass';
import { checkImage } from '../../../scripts/build/gate';

// Random ES5 programs that lean on hoisting in every way a bundler's output does: calls above function
// declarations, vars used before (or outside) the statement that declares them, declarations in
// branches, loops and nested functions. The pass must keep what they print, and leave nothing that
// Espruino's missing hoisting would break (the gate's hoisting rules stay silent).

const FUNCS = ['f0', 'f1', 'f2'];
const VARS = ['v0', 'v1', 'v2', 'v3'];

const name = fc.constantFrom(...VARS);
const fn = fc.constantFrom(...FUNCS);
const literal = fc.oneof(fc.integer({ min: -9, max: 99 }).map(String), fc.constantFrom('"s"', 'null', 'true'));
const value = fc.oneof(literal, fn.map((f) => `${f}()`), name.map((v) => `typeof ${v}`));

const statement: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(name, value).map(([v, x]) => `var ${v}=${x};`),
  name.map((v) => `var ${v};`),
  fc.tuple(name, value).map(([v, x]) => `${v}=${x};`),
  name.map((v) => `print("${v}",typeof ${v},String(${v}));`),
  fn.map((f) => `print("${f}",${f}());`),
  fc.tuple(fc.boolean(), name, value).map(([c, v, x]) => `if(${c}){var ${v}=${x};}`),
  fc.tuple(name, fc.integer({ min: 0, max: 3 })).map(([v, n]) => `for(var ${v}=0;${v}<${n};${v}++)print("loop",${v});`),
  name.map((v) => `(function(){var ${v}="inner";print("iife",${v});})();`),
);

/** Each function returns a value or calls a function with a higher index (no unbounded recursion). */
const functions = fc.tuple(value, value, literal).map(([a, b, c]) => [
  `function f0(){return ${a.replace(/f0\(\)/g, '0')};}`,
  `function f1(){var local=${b.replace(/f[01]\(\)/g, '1')};return local;}`,
  `function f2(){return ${c};}`,
]);

const program = fc
  .tuple(functions, fc.array(statement, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }))
  .map(([fns, body, at]) => {
    const stmts = [...body];
    fns.forEach((f, i) => stmts.splice(at[i]! % (stmts.length + 1), 0, f));
    return `(function(){${stmts.join('')}})();`;
  });

function run(code: string): string[] {
  const lines: string[] = [];
  try {
    vm.runInNewContext(code, { print: (...a: unknown[]) => lines.push(a.map(String).join(' ')) }, { timeout: 1000 });
  } catch (err) {
    lines.push(`threw ${(err as Error).name}`);
  }
  return lines;
}

describe('Espruino pass: properties', () => {
  it('keeps what any hoisting-dependent program prints, and leaves no hoisting dependence', () => {
    const isHoistingRule = (rule: string) => rule === 'use-before-declare' || rule === 'conditional-var';
    let needed = 0;
    fc.assert(
      fc.property(program, (src) => {
        if (checkImage(src, { allowGlobals: VARS }).some((v) => isHoistingRule(v.rule))) needed++;
        const passed = espruinoPass(src);
        expect(passed.ok).toBe(true);
        if (!passed.ok) return;
        expect(run(passed.code)).toEqual(run(src));
        const hoisting = checkImage(passed.code, { allowGlobals: VARS }).filter((v) => isHoistingRule(v.rule));
        expect(hoisting).toEqual([]);
      }),
      { numRuns: 400, seed: 20261129 },
    );
    // Most generated programs really depend on hoisting before the pass, so the property is not vacuous.
    expect(needed).toBeGreaterThan(200);
  });
});
