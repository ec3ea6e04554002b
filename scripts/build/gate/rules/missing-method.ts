/**
 * Rule missing-method: calls of methods Espruino 2v29 lacks on strings and arrays (spec/espruino.md §1g):
 * codePointAt, localeCompare, reduceRight, lastIndexOf, flat. The receiver's type is unknown statically, so any
 * call `x.m(…)` / `x["m"](…)` fires, and so does borrowing it (`[].m.call(…)`, `.apply(…)`).
 * Not a use: reading `o.flat` without calling it, an object key `{flat: 1}`, a string "lastIndexOf".
 */
import type { AnyNode, MemberExpression } from 'acorn';
import { calledMember, isMember, propertyName } from '../node-shapes';
import type { AstRule } from '../types';

const MISSING_METHODS: Record<string, string> = {
  codePointAt: 'use charCodeAt (strings are 8-bit on ESP32)',
  localeCompare: 'compare with < and > (byte order)',
  reduceRight: 'loop backwards by index',
  lastIndexOf: 'loop backwards by index and compare',
  flat: 'concatenate in a loop ([].concat.apply([], xs) flattens one level)',
};

/** The `x.m` of `x.m(…)`, or of `x.m.call(…)` / `x.m.apply(…)`. */
function invokedMethod(member: MemberExpression): MemberExpression {
  const name = propertyName(member);
  if ((name === 'call' || name === 'apply') && isMember(member.object as AnyNode)) return member.object as MemberExpression;
  return member;
}

export const missingMethod: AstRule = {
  id: 'missing-method',
  summary: 'no calls of codePointAt, localeCompare, reduceRight, lastIndexOf, flat',
  check(ctx) {
    for (const call of ctx.ast.ofType('CallExpression')) {
      const callee = calledMember(call);
      if (!callee) continue;
      const method = invokedMethod(callee);
      const name = propertyName(method);
      if (name === undefined || !Object.hasOwn(MISSING_METHODS, name)) continue;
      ctx.report(this.id, method.property as AnyNode, `.${name}() does not exist on Espruino: ${MISSING_METHODS[name]}`);
    }
  },
};
