/**
 * Recognises uses that only run after a feature test proved the thing exists, so rules about missing globals and
 * builtins do not fire on guarded code that Espruino never executes:
 *   typeof Symbol === "function" && o[Symbol.iterator]        (tsc's __read / __values helpers)
 *   (typeof Iterator === "function" ? Iterator : Object)      (tsc's __generator helper)
 *   if (typeof Map !== "undefined") { … new Map() … }
 *   Math.trunc ? Math.trunc(x) : fallback(x)                    (truthiness, for member reads only)
 * A bare `typeof X` is a test, not a use, and is handled by the rules directly.
 */
import type { AnyNode } from 'acorn';
import type { RuleContext } from './types';

const EQUALITY = new Set(['==', '===']);
const INEQUALITY = new Set(['!=', '!==']);

/** For `typeof E <op> "kind"` (either side): E's source text, and the test outcome that proves E is defined. */
function typeofComparison(code: string, test: AnyNode): { operand: string; definedWhen: boolean } | undefined {
  if (test.type !== 'BinaryExpression' || !(EQUALITY.has(test.operator) || INEQUALITY.has(test.operator))) return undefined;
  const sides = [test.left as AnyNode, test.right as AnyNode];
  const probe = sides.find((s) => s.type === 'UnaryExpression' && s.operator === 'typeof');
  const kind = sides.find((s) => s.type === 'Literal' && typeof s.value === 'string');
  if (!probe || probe.type !== 'UnaryExpression' || !kind || kind.type !== 'Literal') return undefined;
  const operand = code.slice(probe.argument.start, probe.argument.end);
  return { operand, definedWhen: EQUALITY.has(test.operator) === (kind.value !== 'undefined') };
}

/** True when `test` evaluating to `outcome` proves that the expression with source text `text` is defined. */
function proves(code: string, test: AnyNode, outcome: boolean, text: string, byTruthiness: boolean): boolean {
  if (byTruthiness && outcome && code.slice(test.start, test.end) === text) return true;
  const comparison = typeofComparison(code, test);
  if (comparison) return comparison.operand === text && comparison.definedWhen === outcome;
  if (test.type === 'UnaryExpression' && test.operator === '!') {
    return proves(code, test.argument as AnyNode, !outcome, text, byTruthiness);
  }
  if (test.type === 'LogicalExpression') {
    // `a && b` true means both were true; `a || b` false means both were false.
    if ((test.operator === '&&' && outcome) || (test.operator === '||' && !outcome)) {
      return (
        proves(code, test.left as AnyNode, outcome, text, byTruthiness) ||
        proves(code, test.right as AnyNode, outcome, text, byTruthiness)
      );
    }
  }
  return false;
}

/** True when `node` (a global identifier or a builtin member read) only runs where a feature test proved it exists. */
export function isFeatureTested(ctx: RuleContext, node: AnyNode): boolean {
  const text = ctx.code.slice(node.start, node.end);
  // Reading an undeclared name throws, so only a member read can be tested by truthiness.
  const byTruthiness = node.type === 'MemberExpression';
  let child = node;
  for (let parent = ctx.ast.parentOf(child); parent; parent = ctx.ast.parentOf(parent)) {
    const guard = (test: AnyNode, outcome: boolean) => proves(ctx.code, test, outcome, text, byTruthiness);
    if (parent.type === 'LogicalExpression' && parent.right === child) {
      if (guard(parent.left as AnyNode, parent.operator !== '||')) return true;
    } else if (parent.type === 'ConditionalExpression' || parent.type === 'IfStatement') {
      if (parent.consequent === child && guard(parent.test as AnyNode, true)) return true;
      if (parent.alternate === child && guard(parent.test as AnyNode, false)) return true;
    }
    child = parent;
  }
  return false;
}
