/**
 * Rule forbidden-global: a free reference to a standard global Espruino lacks (Map, Set, WeakMap, WeakSet, Symbol,
 * Proxy, Reflect, BigInt — spec/espruino.md §1g) or that device code must not use (Promise, unless the board lists
 * it in allowGlobals). A local of the same name (`var Map = …`) is not the global and does not fire; neither does a
 * `typeof Map` feature test, nor a use guarded by one
 * (`typeof Symbol === "function" && o[Symbol.iterator]`, as in tsc's helpers), which Espruino never runs.
 */
import { FORBIDDEN_GLOBALS } from '../espruino-globals';
import { isFeatureTested } from '../feature-test';
import { isTypeofOperand } from '../node-shapes';
import type { AstRule } from '../types';

export const forbiddenGlobal: AstRule = {
  id: 'forbidden-global',
  summary: 'no Map/Set/WeakMap/WeakSet/Symbol/Proxy/Reflect/BigInt, and no Promise unless the board allows it',
  check(ctx) {
    for (const ref of ctx.scopes.references) {
      const id = ref.identifier;
      const remedy = FORBIDDEN_GLOBALS.get(id.name);
      if (remedy === undefined || ctx.options.allowGlobals.has(id.name)) continue;
      if (ctx.scopes.resolve(ref) !== null || isTypeofOperand(id, ctx.ast.parentOf(id)) || isFeatureTested(ctx, id)) continue;
      ctx.report(this.id, id, `${id.name} is not available on Espruino: ${remedy}`);
    }
  },
};
