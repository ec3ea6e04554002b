/**
 * Rule builtin-prototype: on Espruino the builtin methods are not properties of the builtin prototypes —
 * `Array.prototype.slice`, `String.prototype.charAt`, even `Function.prototype.call` read as undefined
 * (espruino/Espruino#159, spec/espruino.md §1g). The Espruino pass rewrites them to the instance form (`[].slice`),
 * so any that remain in the image were missed. Only the unshadowed global builtin counts: a user class
 * `Foo.prototype.bar = …` is fine, and `Object.prototype` is not in this set (hasOwnProperty works there;
 * toString has its own rule, object-tostring).
 */
import type { MemberExpression } from 'acorn';
import { TYPED_ARRAYS } from '../espruino-globals';
import { isMember, propertyName } from '../node-shapes';
import type { AstRule } from '../types';

/** An expression of each builtin's type, to borrow a method from. */
const INSTANCE_FORM: Record<string, string> = {
  Array: '[]',
  String: '""',
  Function: '(function () {})',
  Number: '(0)',
  Boolean: '(false)',
  RegExp: '/(?:)/',
  Date: 'new Date(0)',
};
for (const name of TYPED_ARRAYS) INSTANCE_FORM[name] = `new ${name}(0)`;

export const builtinPrototype: AstRule = {
  id: 'builtin-prototype',
  summary: 'no Array/String/Function/Number/Boolean/RegExp/Date/TypedArray .prototype access (reads undefined)',
  check(ctx) {
    for (const member of ctx.ast.ofType('MemberExpression')) {
      const object = member.object;
      if (object.type !== 'Identifier' || !Object.hasOwn(INSTANCE_FORM, object.name)) continue;
      if (propertyName(member) !== 'prototype' || !ctx.scopes.isFree(object)) continue;
      const parent = ctx.ast.parentOf(member);
      const method = isMember(parent) && parent.object === member ? propertyName(parent as MemberExpression) : undefined;
      const what = `${object.name}.prototype${method ? `.${method}` : ''}`;
      const instead = `${INSTANCE_FORM[object.name]}${method ? `.${method}` : '.method'}`;
      ctx.report(
        this.id,
        member,
        `${what} reads as undefined on Espruino: borrow the method from an instance, ${instead} (the Espruino pass should have rewritten this)`,
      );
    }
  },
};
