/**
 * Rule leaked-global (option requireIife, default on): the image must be exactly one IIFE statement —
 * `(function(){…})()`, `!function(){…}()`, or `(function(){…}).call(this)` — optionally after a "use strict"
 * directive. Anything else at the top level (a helper, a var, a second statement) becomes a global of the
 * Espruino interpreter, shared with everything else running there and kept in RAM for good.
 */
import type { AnyNode, Expression, Statement } from 'acorn';
import { propertyName } from '../node-shapes';
import type { AstRule } from '../types';

const PREFIX_OPERATORS = new Set(['!', 'void', '+', '-', '~']);

function isIife(statement: Statement): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  let expression: Expression = statement.expression;
  if (expression.type === 'UnaryExpression' && PREFIX_OPERATORS.has(expression.operator)) expression = expression.argument;
  if (expression.type !== 'CallExpression') return false;
  const callee = expression.callee;
  if (callee.type === 'FunctionExpression') return true;
  return (
    callee.type === 'MemberExpression' &&
    callee.object.type === 'FunctionExpression' &&
    ['call', 'apply'].includes(propertyName(callee) ?? '')
  );
}

function isUseStrict(statement: Statement): boolean {
  return (
    statement.type === 'ExpressionStatement' &&
    statement.expression.type === 'Literal' &&
    statement.expression.value === 'use strict'
  );
}

function describe(statement: Statement): string {
  switch (statement.type) {
    case 'FunctionDeclaration':
      return `function ${statement.id.name}`;
    case 'VariableDeclaration':
      return `var ${statement.declarations.map((d) => (d.id.type === 'Identifier' ? d.id.name : '?')).join(', ')}`;
    case 'ExpressionStatement':
      return isIife(statement) ? 'a second IIFE' : 'an expression statement';
    default:
      return `a ${statement.type}`;
  }
}

export const leakedGlobal: AstRule = {
  id: 'leaked-global',
  summary: 'the image is exactly one IIFE statement (after an optional "use strict"): nothing leaks into globals',
  check(ctx) {
    if (!ctx.options.requireIife) return;
    const body = ctx.program.body.filter((s) => s.type !== 'EmptyStatement') as Statement[];
    const statements = body.length > 0 && isUseStrict(body[0]) ? body.slice(1) : body;
    const iife = statements.find(isIife);
    if (statements.length === 0) {
      ctx.report(this.id, ctx.program, `${ctx.options.filename} has no IIFE: wrap the whole bundle in (function () { … })()`);
    }
    for (const statement of statements) {
      if (statement === iife) continue;
      ctx.report(
        this.id,
        statement as AnyNode,
        `${describe(statement)} sits outside the IIFE and leaks into Espruino's global scope: move it inside the bundle's IIFE`,
      );
    }
  },
};
