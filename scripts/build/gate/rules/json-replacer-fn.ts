/**
 * Rule json-replacer-fn: `JSON.stringify(value, fn)` silently ignores a replacer function on Espruino
 * (spec/espruino.md §1g). `JSON.stringify(x, null, 2)` and an array of keys are not functions and do not fire.
 */
import type { AnyNode } from 'acorn';
import { isGlobalMethodCall } from '../node-shapes';
import type { AstRule } from '../types';

export const jsonReplacerFn: AstRule = {
  id: 'json-replacer-fn',
  summary: 'no JSON.stringify(value, function) — Espruino ignores the replacer function',
  check(ctx) {
    for (const call of ctx.ast.ofType('CallExpression')) {
      if (!isGlobalMethodCall(ctx, call, 'JSON', 'stringify')) continue;
      if (!ctx.scopes.isFunctionValued(call.arguments[1] as AnyNode | undefined)) continue;
      ctx.report(
        this.id,
        call,
        'JSON.stringify ignores a replacer function on Espruino: transform the value into a plain object first, then stringify it',
      );
    }
  },
};
