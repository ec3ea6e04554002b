/**
 * Rule replace-string-fn: `str.replace("literal", fn)` inserts the function's source text on Espruino instead of
 * calling it (spec/espruino.md §1g). Only a string-literal pattern with a certainly-function replacement fires
 * (a function expression, or a name bound to a function declaration / function-initialised var).
 * `.replace(/re/, fn)` works, and `.replace("a", "b")` is fine.
 */
import type { AnyNode } from 'acorn';
import { calledMember, propertyName } from '../node-shapes';
import type { AstRule } from '../types';

export const replaceStringFn: AstRule = {
  id: 'replace-string-fn',
  summary: 'no str.replace("literal", function) — Espruino inserts the function source',
  check(ctx) {
    for (const call of ctx.ast.ofType('CallExpression')) {
      const callee = calledMember(call);
      if (!callee || propertyName(callee) !== 'replace' || call.arguments.length < 2) continue;
      const [pattern, replacement] = call.arguments;
      if (pattern.type !== 'Literal' || typeof pattern.value !== 'string') continue;
      if (!ctx.scopes.isFunctionValued(replacement as AnyNode)) continue;
      ctx.report(
        this.id,
        callee.property as AnyNode,
        `.replace(${pattern.raw ?? 'string'}, function) inserts the function's source text on Espruino: use an escaped RegExp pattern, .replace(/…/, fn)`,
      );
    }
  },
};
