/**
 * Rule keyword-name: Espruino's lexer reads `of`, `let` and `static` as keywords, so a variable, parameter or
 * function of that name is a SyntaxError on the board ("Got of expected ID") although ES5 allows it. Property names
 * (`o.of`, `{ of: 1 }`) are fine. The Espruino pass renames such variables in a minified image; this rule catches
 * any that reach the gate another way.
 */
import { ESPRUINO_KEYWORD_NAMES, variableIdentifiers } from '../../espruino-keywords';
import type { AstRule } from '../types';

export const keywordName: AstRule = {
  id: 'keyword-name',
  summary: 'no variable, parameter or function named of, let or static (keywords on Espruino)',
  check(ctx) {
    for (const id of variableIdentifiers(ctx.program as never)) {
      const name = id.name as string;
      if (!ESPRUINO_KEYWORD_NAMES.includes(name)) continue;
      ctx.report(
        this.id,
        { line: (id.loc as { start: { line: number } }).start.line, column: (id.loc as { start: { column: number } }).start.column },
        `"${name}" is a keyword on Espruino and cannot name a variable, parameter or function: rename it`,
      );
    }
  },
};
