import type MagicString from 'magic-string';
import type * as ESTree from 'estree';
import { forEachChild, isGlobalReference, type Node, type ScopeTree } from './scope-tree';

// Device code loads Espruino's modules with `global.require("Storage")`: a bare `require("Storage")` would make
// the bundler look for a module called Storage at build time. On the board the plain call is the documented
// form, so the pass turns `global.require(` back into `require(` (only when `global` is the real global).

/** Rewrites `global.require(...)` to `require(...)`; returns how many it rewrote. */
export function rewriteGlobalRequire(out: MagicString, program: Node, tree: ScopeTree): number {
  let count = 0;
  const visit = (node: Node): void => {
    if (node.type === 'CallExpression') {
      const callee = node.callee as Node;
      if (
        callee.type === 'MemberExpression' &&
        !callee.computed &&
        callee.object.type === 'Identifier' &&
        callee.object.name === 'global' &&
        (callee.property as ESTree.Identifier).name === 'require' &&
        isGlobalReference('global', tree.scopeOf.get(node))
      ) {
        out.overwrite(callee.start, callee.end, 'require');
        count++;
      }
    }
    forEachChild(node, visit);
  };
  visit(program);
  return count;
}
