/**
 * Rule object-create-2: `Object.create(proto, properties)` throws "propertiesObject is not supported yet" on
 * Espruino (spec/espruino.md §1g). One-argument `Object.create(p)` and `Object.create(null)` work.
 */
import { isGlobalMethodCall } from '../node-shapes';
import type { AstRule } from '../types';

export const objectCreate2: AstRule = {
  id: 'object-create-2',
  summary: 'no Object.create(proto, properties) with a second argument',
  check(ctx) {
    for (const call of ctx.ast.ofType('CallExpression')) {
      if (call.arguments.length < 2 || !isGlobalMethodCall(ctx, call, 'Object', 'create')) continue;
      ctx.report(
        this.id,
        call,
        'Object.create with a properties argument throws on Espruino: call Object.create(proto), then Object.defineProperties(o, properties)',
      );
    }
  },
};
