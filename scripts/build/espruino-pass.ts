import * as acorn from 'acorn';
import MagicString from 'magic-string';
import type * as ESTree from 'estree';
import { hoistDeclarations } from './hoist';
import { rewriteBuiltinPrototypes } from './builtin-prototypes';
import { rewriteGlobalRequire } from './global-require';
import { renameEspruinoKeywords } from './rename-keywords';
import { buildScopeTree, type Node } from './scope-tree';
import { flattenIifes } from './flatten';
import { chainMaps } from './sourcemap';

/** The image after the Espruino pass, with a source map from the new code to the code given. */
export type EspruinoPassResult =
  | { ok: true; code: string; map: string; prototypeRewrites: number }
  | { ok: false; error: string; line: number; column: number };

export interface EspruinoPassOptions {
  /**
   * Default true: first move every run-once IIFE body (the bundle's, then tsc's class IIFEs) to the top level of the
   * program under fresh `$` names (flatten.ts), so its functions are created at the top level, where Espruino gives
   * each about 3 JsVars less. False keeps the program's shape (to test the other steps alone).
   */
  flatten?: boolean;
}

/**
 * The Espruino pass: flattens run-once IIFEs to the top level (see EspruinoPassOptions.flatten), makes a standard ES5 program mean the same thing on Espruino, which has no
 * hoisting and whose builtin prototypes read without their methods (spec/espruino.md §1g), renames variables the
 * minifier called `of` (a keyword on Espruino; same-length names, so offsets hold), and turns the bundler-proof
 * `global.require("Module")` of device code back into Espruino's plain `require("Module")`.
 * Input must be ES5 (a parse failure is returned, for the dialect gate to report in detail).
 */
export function espruinoPass(code: string, filename = 'image.js', options: EspruinoPassOptions = {}): EspruinoPassResult {
  let program: ESTree.Program & { start: number; end: number };
  try {
    program = acorn.parse(code, { ecmaVersion: 5, sourceType: 'script' }) as unknown as typeof program;
  } catch (err) {
    const e = err as SyntaxError & { loc?: { line: number; column: number } };
    return { ok: false, error: e.message, line: e.loc?.line ?? 0, column: e.loc?.column ?? 0 };
  }
  let flatMap: string | undefined;
  if (options.flatten ?? true) {
    const flat = flattenIifes(code, filename);
    if (flat.flattened > 0) {
      code = flat.code;
      flatMap = flat.map;
      program = acorn.parse(code, { ecmaVersion: 5, sourceType: 'script' }) as unknown as typeof program;
    }
  }
  const renamed = renameEspruinoKeywords(code, program as never);
  if (renamed.renamed > 0) {
    code = renamed.code;
    program = acorn.parse(code, { ecmaVersion: 5, sourceType: 'script' }) as unknown as typeof program;
  }
  const out = new MagicString(code);
  const tree = buildScopeTree(program);
  hoistDeclarations(out, tree);
  const prototypeRewrites = rewriteBuiltinPrototypes(out, program as Node, tree);
  rewriteGlobalRequire(out, program as Node, tree);
  const map = out.generateMap({ source: filename, file: filename, hires: true, includeContent: false }).toString();
  return { ok: true, code: out.toString(), map: flatMap === undefined ? map : chainMaps(map, flatMap), prototypeRewrites };
}
