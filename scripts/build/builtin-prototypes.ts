import type MagicString from 'magic-string';
import type * as ESTree from 'estree';
import { forEachChild, isGlobalReference, type Node, type ScopeTree } from './scope-tree';

// On Espruino, `Array.prototype.slice` (and String/Function/Number/Boolean prototype methods) read as
// undefined, while instances still have them (espruino/Espruino#159). `Array.prototype.X` therefore
// becomes `[].X`: the same function, reached through an instance. Only global builtins are rewritten;
// a local variable called Array is left alone.

const INSTANCE_OF: Record<string, string> = {
  Array: '[]',
  String: '""',
  Function: '(function(){})',
  Number: '(0)',
  Boolean: '(!1)',
};

/** Rewrites `Builtin.prototype.member` to `<instance>.member` throughout the program. */
export function rewriteBuiltinPrototypes(out: MagicString, program: Node, tree: ScopeTree): number {
  let count = 0;
  const visit = (node: Node): void => {
    const inner = builtinPrototypeObject(node);
    if (inner && isGlobalReference((inner.object as ESTree.Identifier).name, tree.scopeOf.get(node))) {
      out.overwrite(inner.start, inner.end, INSTANCE_OF[(inner.object as ESTree.Identifier).name]!);
      count++;
    }
    forEachChild(node, visit);
  };
  visit(program);
  return count;
}

/** For `Array.prototype.x`, the inner `Array.prototype` node; otherwise undefined. */
function builtinPrototypeObject(node: Node): (ESTree.MemberExpression & { start: number; end: number }) | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  const inner = node.object as Node;
  if (inner.type !== 'MemberExpression' || inner.computed) return undefined;
  if (inner.object.type !== 'Identifier' || !(inner.object.name in INSTANCE_OF)) return undefined;
  if (inner.property.type !== 'Identifier' || inner.property.name !== 'prototype') return undefined;
  return inner as ESTree.MemberExpression & { start: number; end: number };
}
