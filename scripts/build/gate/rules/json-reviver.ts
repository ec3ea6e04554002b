/**
 * Rule json-reviver: `JSON.parse(text, reviver)` silently ignores the reviver on Espruino (spec/espruino.md §1g).
 * Any second argument fires; `JSON.parse(text)` does not.
 */
import { isGlobalMethodCall } from '../node-shapes';
import type { AstRule } from '../types';

export const jsonReviver: AstRule = {
  id: 'json-reviver',
  summary: 'no JSON.parse(text, reviver) — Espruino ignores the reviver',
  check(ctx) {
    for (const call of ctx.ast.ofType('CallExpression')) {
      if (call.arguments.length < 2 || !isGlobalMethodCall(ctx, call, 'JSON', 'parse')) continue;
      ctx.report(this.id, call, 'JSON.parse ignores the reviver on Espruino: parse, then walk the result and convert the values');
    }
  },
};
