/**
 * Small predicates about node shapes that several rules share: the static name of a member access, whether an
 * expression is the operand of `typeof`, whether a member access is the global builtin `X.y`.
 */
import type { AnyNode, CallExpression, MemberExpression } from 'acorn';
import type { RuleContext } from './types';

/** `o.name` or `o["name"]` → "name"; undefined for a dynamic key. */
export function propertyName(member: MemberExpression): string | undefined {
  const key = member.property;
  if (!member.computed && key.type === 'Identifier') return key.name;
  if (member.computed && key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

export function isMember(node: AnyNode | undefined, name?: string): node is MemberExpression {
  return node !== undefined && node.type === 'MemberExpression' && (name === undefined || propertyName(node) === name);
}

/** True for `typeof node` — a feature test, which is safe even for a missing global. */
export function isTypeofOperand(node: AnyNode, parent: AnyNode | undefined): boolean {
  return parent !== undefined && parent.type === 'UnaryExpression' && parent.operator === 'typeof' && parent.argument === node;
}

/** `Global.name` where `Global` is the free (unshadowed) global of that name. */
export function isGlobalMember(
  ctx: RuleContext,
  node: AnyNode | undefined,
  globalName: string,
  name?: string,
): node is MemberExpression {
  return isMember(node, name) && ctx.scopes.isFree(node.object, globalName);
}

/** The member expression a call invokes (`a.b(…)` → `a.b`), if any. */
export function calledMember(call: CallExpression): MemberExpression | undefined {
  return call.callee.type === 'MemberExpression' ? call.callee : undefined;
}

/** True for a call whose callee is `Global.name`, e.g. `JSON.stringify(…)`. */
export function isGlobalMethodCall(ctx: RuleContext, call: CallExpression, globalName: string, name: string): boolean {
  return isGlobalMember(ctx, call.callee, globalName, name);
}

