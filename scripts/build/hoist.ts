import type MagicString from 'magic-string';
import type * as ESTree from 'estree';
import type { FunctionScope, ScopeTree, StatementList, VarStatement } from './scope-tree';

// Espruino hoists nothing: a function called above its declaration, or a `var` read before the line
// that declares it ran, is a ReferenceError there. This rewrite gives every scope the meaning standard
// JavaScript gives it, explicitly:
//   - `var a, b, c;` at the top of each function (and the program) for every var it declares;
//   - each original `var` statement becomes plain assignments of its initialisers (or disappears);
//   - function declarations move to the top of their statement list, in their original order.
// Edits are minimal (magic-string), so the source map still points at the original code.

type Ranged = { start: number; end: number };

/** Applies the hoisting rewrite for every scope of the tree to `out`. */
export function hoistDeclarations(out: MagicString, tree: ScopeTree): void {
  for (const scope of tree.all) {
    const declared = scope.varNames.filter(
      (n) => !scope.params.includes(n) && !scope.functionNames.includes(n) && n !== 'arguments',
    );
    const at = insertionPoint(scope.node.type === 'Program' ? scope.node : (scope.node.body as ESTree.BlockStatement & Ranged));
    if (declared.length > 0) out.appendLeft(at, `var ${declared.join(',')};`);
    for (const v of scope.varStatements) rewriteVarStatement(out, v);
    for (const list of scope.functionLists) moveFunctionsUp(out, list, scope);
  }
}

/** Where declarations go in a body: after its directive prologue ("use strict"), else at its start. */
function insertionPoint(body: (ESTree.BlockStatement | ESTree.Program) & Ranged): number {
  const statements = body.body as (ESTree.Node & Ranged)[];
  let at = body.type === 'Program' ? body.start : body.start + 1;
  for (const s of statements) {
    if (s.type === 'ExpressionStatement' && typeof (s as unknown as ESTree.Directive).directive === 'string') at = s.end;
    else break;
  }
  return at;
}

function rewriteVarStatement(out: MagicString, v: VarStatement): void {
  const node = v.node;
  const decls = node.declarations as (ESTree.VariableDeclarator & Ranged)[];
  const first = decls[0];
  if (!first) return;
  if (v.context === 'for-in') {
    out.remove(node.start, first.start); // `for (var k in o)` -> `for (k in o)`
    return;
  }
  const kept = decls.filter((d) => d.init);
  if (kept.length === 0) {
    if (v.context === 'for-init' || v.context === 'listed') out.remove(node.start, node.end);
    else out.overwrite(node.start, node.end, ';');
    return;
  }
  out.remove(node.start, first.start); // the `var` keyword
  let seenKept = false;
  for (let i = 0; i < decls.length; i++) {
    const d = decls[i]!;
    if (d.init) {
      seenKept = true;
      continue;
    }
    // Drop a declarator that only declares: with the comma before it, or (while none is kept yet) after it.
    if (seenKept) out.remove(decls[i - 1]!.end, d.end);
    else out.remove(d.start, decls[i + 1]!.start);
  }
}

function moveFunctionsUp(out: MagicString, list: StatementList, scope: FunctionScope): void {
  const owner = list.owner;
  const isScopeBody = owner === scope.node || owner === (scope.node as { body?: unknown }).body;
  const at = isScopeBody ? insertionPoint(owner) : owner.start + 1;
  let leading = true;
  for (const s of list.statements) {
    const directive = s.type === 'ExpressionStatement' && typeof (s as unknown as ESTree.Directive).directive === 'string';
    if (directive && isScopeBody) continue;
    if (s.type === 'FunctionDeclaration') {
      if (!leading) out.move(s.start, s.end, at);
      continue;
    }
    leading = false;
  }
}
