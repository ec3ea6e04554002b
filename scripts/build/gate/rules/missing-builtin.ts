/**
 * Rule missing-builtin: static methods of global builtins that Espruino 2v29 does not have
 * (spec/espruino.md §1g): Array.from/of, <TypedArray>.from/of, Number.isInteger, Math.trunc/imul,
 * Object.freeze/seal, Date.UTC. Only the unshadowed global counts (a local `var Math` does not fire).
 * Polyfill shapes are not uses: `typeof Math.trunc`, `Math.trunc = …`, existence tests (`Math.trunc || fallback`,
 * `if (Math.trunc)`), and a use guarded by a feature test (`Math.trunc ? Math.trunc(x) : …`,
 * `typeof Math.trunc === "function" && Math.trunc(x)`).
 */
import type { AnyNode } from 'acorn';
import { TYPED_ARRAYS } from '../espruino-globals';
import { isFeatureTested } from '../feature-test';
import { isTypeofOperand, propertyName } from '../node-shapes';
import type { AstRule } from '../types';

const MISSING: Record<string, Record<string, string>> = {
  Array: {
    from: 'copy by index in a loop ([].slice.call(x) for an array-like)',
    of: 'use an array literal',
  },
  Number: { isInteger: "use typeof x === 'number' && Math.floor(x) === x" },
  Math: {
    trunc: 'use x < 0 ? Math.ceil(x) : Math.floor(x)',
    imul: 'multiply the 16-bit halves and combine with | 0',
  },
  Object: {
    freeze: 'drop it (Espruino has no immutability) and keep the invariant in code',
    seal: 'drop it (Espruino has no immutability) and keep the invariant in code',
  },
  Date: { UTC: 'compute epoch milliseconds from the civil date by hand' },
};
for (const name of TYPED_ARRAYS) {
  MISSING[name] = { from: `use new ${name}(arrayOrLength), which copies an array`, of: `use new ${name}([a, b, …])` };
}

/** `Math.trunc || f`, `Math.trunc && …`, `Math.trunc ? … : …`, `if (Math.trunc)`, `!Math.trunc`: reads that test existence. */
function isTruthinessTest(member: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'LogicalExpression') return parent.left === member;
  if (parent.type === 'ConditionalExpression' || parent.type === 'IfStatement') return parent.test === member;
  return parent.type === 'UnaryExpression' && parent.operator === '!';
}

export const missingBuiltin: AstRule = {
  id: 'missing-builtin',
  summary: 'no Array.from/of, TypedArray.from/of, Number.isInteger, Math.trunc/imul, Object.freeze/seal, Date.UTC',
  check(ctx) {
    for (const member of ctx.ast.ofType('MemberExpression')) {
      const object = member.object;
      if (object.type !== 'Identifier' || !Object.hasOwn(MISSING, object.name)) continue;
      const name = propertyName(member);
      const remedy = name !== undefined && Object.hasOwn(MISSING[object.name], name) ? MISSING[object.name][name] : undefined;
      if (remedy === undefined || !ctx.scopes.isFree(object)) continue;
      const parent = ctx.ast.parentOf(member);
      const isPolyfillShape =
        isTypeofOperand(member, parent) ||
        isFeatureTested(ctx, member) ||
        (parent?.type === 'AssignmentExpression' && parent.left === member) ||
        isTruthinessTest(member, parent);
      if (isPolyfillShape) continue;
      ctx.report(this.id, member, `${object.name}.${name} does not exist on Espruino: ${remedy}`);
    }
  },
};
