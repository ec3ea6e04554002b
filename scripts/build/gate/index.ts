/**
 * The dialect gate: the last step of the image pipeline, a static checker that rejects what Espruino cannot run
 * (spec/espruino.md §1g). CI has no Espruino engine, so every rule is meant to fire on the real construct and on
 * nothing that merely looks like it; each has a fires/lookalike fixture under test/fixtures/gate/<rule-id>/.
 */
import type { AnyNode } from 'acorn';
import { indexAst } from './ast-index';
import { AST_RULES } from './rules/index';
import { ScopeIndex } from './scope';
import { sourceLocator } from './source-location';
import { ES5_SYNTAX, parseImage } from './syntax';
import type { GateOptions, GateViolation, ImagePosition, ResolvedOptions, RuleContext, RuleInfo } from './types';

export type { GateOptions, GateViolation } from './types';

export const RULES: { id: string; summary: string }[] = [ES5_SYNTAX, ...AST_RULES].map(
  ({ id, summary }: RuleInfo) => ({ id, summary }),
);

function resolveOptions(options: GateOptions): ResolvedOptions {
  return {
    filename: options.filename ?? 'image.js',
    allowGlobals: new Set(options.allowGlobals ?? []),
    prefixedGlobals: options.prefixedGlobals ?? true,
  };
}

function positionOf(at: AnyNode | ImagePosition): ImagePosition {
  if ('type' in at) {
    if (!at.loc) throw new Error(`gate: node ${at.type} has no location (parse with locations: true)`);
    return { line: at.loc.start.line, column: at.loc.start.column };
  }
  return at;
}

function byPosition(a: GateViolation, b: GateViolation): number {
  return a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

function runRules(code: string, options: ResolvedOptions): GateViolation[] {
  const parsed = parseImage(code, options.filename);
  if ('violation' in parsed) return [parsed.violation];
  const violations: GateViolation[] = [];
  const ctx: RuleContext = {
    code,
    program: parsed.program,
    ast: indexAst(parsed.program),
    scopes: new ScopeIndex(parsed.program),
    options,
    report(rule, at, message) {
      violations.push({ rule, message, ...positionOf(at) });
    },
  };
  for (const rule of AST_RULES) rule.check(ctx);
  return violations;
}

/** Checks one bundled image; returns every violation, ordered by position in the image. */
export function checkImage(code: string, options: GateOptions = {}): GateViolation[] {
  const violations = runRules(code, resolveOptions(options)).sort(byPosition);
  if (options.sourceMap !== undefined) {
    const locate = sourceLocator(options.sourceMap);
    for (const v of violations) {
      const source = locate(v.line, v.column);
      if (source) v.source = source;
    }
  }
  return violations;
}

/**
 * One line per violation, in the compiler convention editors can jump to: `image.js:LINE:COL [rule] message`,
 * then `(src/x.ts:LINE:COL)` when a source map located it. Columns are printed 1-based here (the violation
 * object keeps the 0-based column).
 */
export function formatViolation(v: GateViolation, filename = 'image.js'): string {
  const at = `${filename}:${v.line}:${v.column + 1}`;
  const source = v.source ? ` (${v.source.file}:${v.source.line}:${v.source.column + 1})` : '';
  return `${at} [${v.rule}] ${v.message}${source}`;
}
