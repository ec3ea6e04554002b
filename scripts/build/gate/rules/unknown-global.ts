/**
 * Rule unknown-global: a free reference to a name that is not a known Espruino global (nor in allowGlobals).
 * This catches TypeScript helpers the pipeline forgot to bundle (`__awaiter`, `__extends`), Node/DOM leftovers
 * (Buffer, TextEncoder, setImmediate, window) and assignments to undeclared names, which create implicit globals.
 * `typeof X` is a feature test that is safe for a missing global and never fires, nor does a use it guards
 * (`typeof Iterator === "function" ? Iterator : Object`, as in tsc's __generator helper).
 */
import { FORBIDDEN_GLOBALS, KNOWN_GLOBALS, LEFTOVER_REMEDIES } from '../espruino-globals';
import { isFeatureTested } from '../feature-test';
import { isTypeofOperand } from '../node-shapes';
import type { AstRule } from '../types';

export const unknownGlobal: AstRule = {
  id: 'unknown-global',
  summary: 'every free identifier must be a known Espruino global or listed in allowGlobals',
  check(ctx) {
    for (const ref of ctx.scopes.references) {
      const id = ref.identifier;
      const name = id.name;
      if (KNOWN_GLOBALS.has(name) || FORBIDDEN_GLOBALS.has(name) || ctx.options.allowGlobals.has(name)) continue;
      if (ctx.scopes.resolve(ref) !== null || isTypeofOperand(id, ctx.ast.parentOf(id)) || isFeatureTested(ctx, id)) continue;
      if (ref.isWrite() && !ref.isRead()) {
        ctx.report(this.id, id, `assignment to undeclared ${name} creates an implicit global: declare it with var`);
        continue;
      }
      const remedy =
        LEFTOVER_REMEDIES.get(name) ??
        'bundle its definition into the image, or add it to the board allowGlobals if the board provides it';
      ctx.report(this.id, id, `${name} is not a known Espruino global: ${remedy}`);
    }
  },
};
