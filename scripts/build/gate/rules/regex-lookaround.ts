/**
 * Rule regex-lookaround: RegExp lookahead `(?=…)`/`(?!…)` silently never matches on Espruino, and lookbehind
 * `(?<=…)`/`(?<!…)` is not supported (spec/espruino.md §1g). Checked in RegExp literals and in
 * `new RegExp("…")` / `RegExp("…")` with a string literal pattern. An escaped paren `\(?=` and a character class
 * `[(?=]` are not groups and do not fire.
 */
import type { AnyNode, CallExpression, NewExpression } from 'acorn';
import type { AstRule, RuleContext } from '../types';

interface Lookaround {
  index: number;
  syntax: string;
}

/** The first lookaround group of a pattern, skipping escapes and character classes. */
export function findLookaround(pattern: string): Lookaround | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i, i + 4);
      const syntax = ['(?=', '(?!', '(?<=', '(?<!'].find((s) => rest.startsWith(s));
      if (syntax) return { index: i, syntax };
    }
  }
  return undefined;
}

function message(found: Lookaround): string {
  const behind = found.syntax.startsWith('(?<');
  return behind
    ? `RegExp lookbehind ${found.syntax}…) is not supported by Espruino: match the preceding text and check it in code`
    : `RegExp lookahead ${found.syntax}…) silently never matches on Espruino: match without the assertion and check the following characters in code`;
}

function stringPattern(ctx: RuleContext, node: CallExpression | NewExpression): AnyNode | undefined {
  const first = node.arguments[0];
  if (!ctx.scopes.isFree(node.callee, 'RegExp') || !first || first.type !== 'Literal') return undefined;
  return typeof first.value === 'string' ? first : undefined;
}

export const regexLookaround: AstRule = {
  id: 'regex-lookaround',
  summary: 'no RegExp lookahead/lookbehind groups (silently wrong or unsupported on Espruino)',
  check(ctx) {
    for (const literal of ctx.ast.ofType('Literal')) {
      const found = literal.regex && findLookaround(literal.regex.pattern);
      if (!found || !literal.loc) continue;
      // A RegExp literal is one token on one line: the group sits right after the opening slash.
      const at = { line: literal.loc.start.line, column: literal.loc.start.column + 1 + found.index };
      ctx.report(this.id, at, message(found));
    }
    for (const node of [...ctx.ast.ofType('NewExpression'), ...ctx.ast.ofType('CallExpression')]) {
      const pattern = stringPattern(ctx, node);
      const found = pattern?.type === 'Literal' && findLookaround(pattern.value as string);
      if (pattern && found) ctx.report(this.id, pattern, message(found));
    }
  },
};
