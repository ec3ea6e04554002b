/**
 * Rule use-before-declare: Espruino hoists neither `function` nor `var` declarations (spec/espruino.md §1g), so a
 * call or reference that runs before the declaration statement gives ReferenceError (or, for a write, creates a
 * global). Precisely: a reference that resolves to a var/function binding of function scope S, made directly in
 * S (not in a nested function, which runs later), at a source position before the first declaration in S.
 * Parameters bind at function entry and never fire. The Espruino pass hoists declarations, so this catches a
 * pass that missed one.
 */
import type { AstRule } from '../types';
import { hoistedBindings } from '../scope';

export const useBeforeDeclare: AstRule = {
  id: 'use-before-declare',
  summary: 'no reference to a var/function before its declaration in the same function (Espruino does not hoist)',
  check(ctx) {
    for (const { variable, declaration, directReferences } of hoistedBindings(ctx.scopes)) {
      const isFunction = declaration.type === 'FunctionDeclaration';
      const where = declaration.loc ? ` (declared at line ${declaration.loc.start.line})` : '';
      for (const ref of directReferences) {
        if (ref.identifier.start >= declaration.start) continue;
        ctx.report(
          this.id,
          ref.identifier,
          isFunction
            ? `${variable.name} is used before function ${variable.name} is declared${where}: Espruino does not hoist functions — move the declaration above its first use`
            : `${variable.name} is used before var ${variable.name}${where}: Espruino does not hoist var — declare it at the top of its function`,
        );
      }
    }
  },
};
