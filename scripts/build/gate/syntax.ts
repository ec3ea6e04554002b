/**
 * Rule es5-syntax: the image must parse as ES5 (acorn ecmaVersion 5, script). Espruino parses some ES2015+
 * syntax, but not spread/rest, default parameters, destructuring, computed keys, `**`, `?.`, async/await,
 * generators (spec/espruino.md §1g), and the gate rejects all of it so the image has one well-defined dialect.
 * The parse error is turned into a message that names the construct when the text at the error says what it is.
 */
import { parse, type Program } from 'acorn';
import type { GateViolation, RuleInfo } from './types';

export const ES5_SYNTAX: RuleInfo = {
  id: 'es5-syntax',
  summary: 'the image must parse as ES5 script (no let/const, arrows, classes, templates, destructuring, spread, …)',
};

interface AcornSyntaxError extends SyntaxError {
  pos: number;
  loc: { line: number; column: number };
}

function isAcornError(error: unknown): error is AcornSyntaxError {
  return error instanceof SyntaxError && typeof (error as Partial<AcornSyntaxError>).pos === 'number';
}

const LET_CONST = '`let`/`const` declaration: use `var`';
const OPTIONAL_CHAINING = 'optional chaining: test each step explicitly';
const ARROW = 'arrow function: use a function expression';
const EXPONENT = 'exponent operator: use Math.pow';
const NULLISH = 'nullish coalescing: test for null/undefined explicitly';

const KEYWORD_HINTS: [RegExp, string][] = [
  [/^(const|let)\b/, LET_CONST],
  [/^class\b/, 'class: lower it with tsc --target ES5'],
  [/^(import|export)\b/, 'ES module syntax: bundle into one IIFE'],
  [/^=>/, ARROW],
  [/^`/, 'template literal: use string concatenation'],
  [/^\.\.\./, 'spread/rest: use apply / concat / arguments'],
  [/^\*\*/, EXPONENT],
  [/^\?\./, OPTIONAL_CHAINING],
  [/^\?\?/, NULLISH],
  [/^of\b/, 'for-of: use an index loop'],
];

/** Names the construct at the parse error, when the source text there makes it unambiguous. */
function describe(code: string, error: AcornSyntaxError): string {
  if (error.message.startsWith('Invalid regular expression flag')) {
    return 'RegExp flag that ES5 lacks (only g, i, m): drop u/y/s';
  }
  if (error.message.startsWith('Invalid regular expression')) {
    return 'RegExp syntax that ES5 lacks (lookbehind, named groups, \\u{…}): rewrite the pattern';
  }
  const here = code.slice(error.pos, error.pos + 12);
  const before = code.slice(Math.max(0, error.pos - 12), error.pos);
  for (const [pattern, hint] of KEYWORD_HINTS) if (pattern.test(here)) return hint;
  // acorn 5 has no `=>` or `**` token: it stops at the second character
  if (/=$/.test(before) && here.startsWith('>')) return ARROW;
  if (/\*$/.test(before) && here.startsWith('*')) return EXPONENT;
  if (/\?$/.test(before) && /^[?.]/.test(here)) return here[0] === '?' ? NULLISH : OPTIONAL_CHAINING;
  if (/\b(let|const)\s+$/.test(before)) return LET_CONST;
  if (/\bvar\s+$/.test(before) && /^[[{]/.test(here)) return 'destructuring: assign each property by hand';
  if (/^=(?!=)/.test(here) && /\bfunction\b[^)]*\([^)]*$/.test(code.slice(Math.max(0, error.pos - 120), error.pos))) {
    return 'default parameter: assign it in the body (if (a === undefined) a = …)';
  }
  if (/\basync\s+$/.test(before)) return 'async function: use callbacks';
  if (/\bfunction\s*$/.test(before) && here.startsWith('*')) return 'generator: use callbacks and explicit state';
  return 'lower this construct with tsc --target ES5';
}

export type ParseResult = { program: Program } | { violation: GateViolation };

export function parseImage(code: string, filename: string): ParseResult {
  try {
    return { program: parse(code, { ecmaVersion: 5, sourceType: 'script', locations: true, ranges: true }) };
  } catch (error) {
    if (!isAcornError(error)) throw error;
    const reason = error.message.replace(/\s*\(\d+:\d+\)$/, '');
    return {
      violation: {
        rule: ES5_SYNTAX.id,
        message: `${filename} is not ES5 (${reason}): ${describe(code, error)}`,
        line: error.loc.line,
        column: error.loc.column,
      },
    };
  }
}
