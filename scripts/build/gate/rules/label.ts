/**
 * Rule label: labeled statements are not supported by Espruino (spec/espruino.md §1g). Object keys, `case x:`
 * and `a ? b : c` are not labels.
 */
import type { AstRule } from '../types';

export const label: AstRule = {
  id: 'label',
  summary: 'no labeled statements (and so no labeled break/continue)',
  check(ctx) {
    for (const statement of ctx.ast.ofType('LabeledStatement')) {
      ctx.report(
        this.id,
        statement,
        `label ${statement.label.name}: is not supported by Espruino: move the loop into a function and return from it, or use a flag`,
      );
    }
  },
};
