import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { analyze } from 'eslint-scope';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardDescriptor } from '../../../hal/types';
import selftestBoard from '../../../boards/selftest';
import { buildImages, type BuildResult } from '../../../scripts/build/pipeline';
import { projectRoot } from '../../../scripts/project-root';

const work = mkdtempSync(path.join(tmpdir(), 'aliot-pipeline-'));
const dirs = (name: string) => ({ lowerDir: path.join(work, name, 'es5'), distDir: path.join(work, name, 'dist') });

function fixtureBoard(name: string, entry: string): BoardDescriptor {
  return { ...selftestBoard, name, image: { entry } };
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('image pipeline: the self-test image', () => {
  let result: BuildResult;
  let code: string;
  beforeAll(async () => {
    result = await buildImages(projectRoot, [selftestBoard], dirs('selftest'));
    code = result.images[0]?.code ?? '';
  });

  it('builds and passes the dialect gate', () => {
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(existsSync(path.join(dirs('selftest').distDir, 'selftest', 'image.js'))).toBe(true);
    expect(existsSync(path.join(dirs('selftest').distDir, 'selftest', 'image.js.map'))).toBe(true);
  });

  it('is flattened: no IIFE left around the bundle or its classes, and every top-level binding named $…', () => {
    const program = acorn.parse(code, { ecmaVersion: 5, ranges: true });
    const globals = analyze(program, { ecmaVersion: 5, sourceType: 'script' }).globalScope!.variables.filter((v) => v.defs.length > 0);
    expect(globals.length).toBeGreaterThan(10);
    expect(globals.map((v) => v.name).filter((name) => !/^\$[\w$]+$/.test(name))).toEqual([]);
    // The one IIFE left is TypeScript's enum pattern, whose argument `E || (E = {})` is not a plain name.
    const iifes: string[] = [];
    walk.simple(program, {
      CallExpression(node) {
        if (node.callee.type === 'FunctionExpression') iifes.push(code.slice(node.start, node.end));
      },
    });
    expect(iifes).toHaveLength(1);
    expect(code).toMatch(/\(function\(r\)\{r\[r\.Circle=0\]="Circle"[^}]*\}\)\((\$\w+)\|\|\(\1=\{\}\)\)/);
    // The class helper is in the image (the self-test uses inheritance), under a $ name like everything else.
    expect(code).toMatch(/\$[\w$]+=function\([\w$]+,[\w$]+\)\{[^}]*Class extends value/);
  });

  it('references neither Symbol nor Promise', () => {
    const names = new Set<string>();
    for (const token of acorn.tokenizer(code, { ecmaVersion: 5 })) {
      if (token.type.label === 'name') names.add(code.slice(token.start, token.end));
    }
    expect(names.has('Symbol')).toBe(false);
    expect(names.has('Promise')).toBe(false);
  });

  it('has no builtin prototype access and no hoisting dependence left', () => {
    expect(code).not.toMatch(/\b(Array|String|Function)\.prototype\b/);
    expect(result.images[0]!.prototypeRewrites).toBeGreaterThan(0);
    expect(result.images[0]!.violations).toEqual([]);
  });

  it('writes a source map that leads back to the TypeScript sources', () => {
    const map = JSON.parse(readFileSync(path.join(dirs('selftest').distDir, 'selftest', 'image.js.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources).toEqual(expect.arrayContaining(['firmware/selftest/program.ts', 'firmware/selftest/shapes.ts']));
  });
});

describe('image pipeline: the gate stops what Espruino cannot run', () => {
  it('fails the build when the Espruino pass is skipped on code that needs it, and writes no image', async () => {
    const board = fixtureBoard('needs-pass', 'test/fixtures/build/needs-pass.ts');
    const result = await buildImages(projectRoot, [board], { ...dirs('skip'), skipEspruinoPass: true });
    expect(result.ok).toBe(false);
    const rules = result.images[0]!.violations.map((v) => v.rule);
    expect(rules).toContain('use-before-declare');
    expect(rules).toContain('builtin-prototype');
    expect(existsSync(path.join(dirs('skip').distDir, 'needs-pass', 'image.js'))).toBe(false);
  });

  it('builds the same entry once the Espruino pass runs', async () => {
    const board = fixtureBoard('needs-pass', 'test/fixtures/build/needs-pass.ts');
    const result = await buildImages(projectRoot, [board], dirs('with-pass'));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('names the rule, the image position and the TypeScript line of a violation', async () => {
    const board = fixtureBoard('last-index', 'test/fixtures/build/uses-last-index-of.ts');
    const result = await buildImages(projectRoot, [board], dirs('last-index'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/image\.js:1:\d+ \[missing-method\] .*lastIndexOf.*\(test\/fixtures\/build\/uses-last-index-of\.ts:3:\d+\)/);
  });

  it('reports TypeScript errors in device code as build errors', async () => {
    const board = fixtureBoard('missing', 'test/fixtures/build/does-not-exist.ts');
    const result = await buildImages(projectRoot, [board], dirs('missing'));
    expect(result.ok).toBe(false);
  });
});
