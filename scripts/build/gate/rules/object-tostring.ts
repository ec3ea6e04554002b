/**
 * Rule object-tostring: `Object.prototype.toString.call(x)` is silently wrong on Espruino — it returns "" for an
 * array (spec/espruino.md §1g), so the classic `[object Array]` type test never matches. The borrowed form
 * `({}).toString.call(x)` is the same function and fires too. `Object.prototype.hasOwnProperty` works and is fine,
 * as is calling an object's own `o.toString()`.
 */
import type { AnyNode, MemberExpression } from 'acorn';
import { isGlobalMember, isMember, propertyName } from '../node-shapes';
import type { AstRule, RuleContext } from '../types';

const MESSAGE =
  'Object.prototype.toString returns "" for arrays on Espruino: test with Array.isArray, typeof or instanceof instead';

/** `Object.prototype.toString` on the global Object. */
function isObjectPrototypeToString(ctx: RuleContext, member: MemberExpression): boolean {
  return propertyName(member) === 'toString' && isGlobalMember(ctx, member.object as AnyNode, 'Object', 'prototype');
}

/** `{}.toString.call(…)` / `.apply(…)`: the same function borrowed from an empty object literal. */
function isBorrowedFromEmptyObject(ctx: RuleContext, member: MemberExpression): boolean {
  if (propertyName(member) !== 'toString') return false;
  if (member.object.type !== 'ObjectExpression' || member.object.properties.length > 0) return false;
  const parent = ctx.ast.parentOf(member);
  return isMember(parent) && parent.object === member && ['call', 'apply'].includes(propertyName(parent) ?? '');
}

export const objectTostring: AstRule = {
  id: 'object-tostring',
  summary: 'no Object.prototype.toString.call(x) type tests (returns "" for arrays)',
  check(ctx) {
    for (const member of ctx.ast.ofType('MemberExpression')) {
      if (isObjectPrototypeToString(ctx, member) || isBorrowedFromEmptyObject(ctx, member)) {
        ctx.report(this.id, member, MESSAGE);
      }
    }
  },
};
