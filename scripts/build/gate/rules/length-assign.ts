/**
 * Rule length-assign: assigning to `.length` (=, compound assignment, ++/--) throws "Assignment to a constant" on
 * Espruino (spec/espruino.md §1g), whatever the receiver. Reading `.length`, or a local variable named `length`,
 * is fine.
 */
import type { AnyNode } from 'acorn';
import { isMember } from '../node-shapes';
import type { AstRule } from '../types';

export const lengthAssign: AstRule = {
  id: 'length-assign',
  summary: 'no assignment, compound assignment or ++/-- to .length',
  check(ctx) {
    const targets: AnyNode[] = [];
    for (const node of ctx.ast.ofType('AssignmentExpression')) targets.push(node.left as AnyNode);
    for (const node of ctx.ast.ofType('UpdateExpression')) targets.push(node.argument as AnyNode);
    for (const target of targets) {
      if (!isMember(target, 'length')) continue;
      ctx.report(
        this.id,
        target,
        'assigning to .length throws on Espruino ("Assignment to a constant"): truncate with arr.splice(n), empty with arr.splice(0), grow with push',
      );
    }
  },
};
