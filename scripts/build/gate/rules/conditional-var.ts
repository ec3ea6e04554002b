/**
 * Rule conditional-var (the gate's own pick from spec/espruino.md §1g): "`var` declared in an unexecuted branch
 * gives ReferenceError". Without hoisting, a var exists only once its statement has run, so
 *   if (ok) { var token = sign(); }  …  send(token);
 * throws when `ok` was false. use-before-declare cannot see this (the declaration is earlier in the source), and
 * it is statically decidable: a direct reference after the first declaration fires when no declaration of the name
 * certainly ran on every path to it — walking out from the reference, no earlier sibling statement, for-init or
 * for-in head, or earlier declarator definitely declares it (an if declares only when both branches do; a loop
 * body, a catch block and a switch case may not run). `return`/`throw` count as declaring, since nothing after
 * them runs. After a try statement, a declaration in its try block counts when the catch block also declares or
 * leaves (a throw may have skipped it), and `var x = x || {}` counts its own statement (silence where Espruino is unverified).
 * `typeof x` is safe for an undeclared name and never fires.
 */
import type { AnyNode } from 'acorn';
import { isTypeofOperand } from '../node-shapes';
import { hoistedBindings } from '../scope';
import type { AstRule, RuleContext } from '../types';

/** True when running `node` to completion certainly declares `name` (or leaves the function first). */
function declares(node: AnyNode | null | undefined, name: string): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'VariableDeclaration':
      return node.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === name);
    case 'FunctionDeclaration':
      return node.id !== null && node.id.name === name;
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return node.body.some((s) => declares(s as AnyNode, name));
    case 'IfStatement':
      return declares(node.consequent as AnyNode, name) && declares(node.alternate as AnyNode | null, name);
    case 'TryStatement':
      return (
        (declares(node.block, name) && (!node.handler || declares(node.handler.body, name))) ||
        declares(node.finalizer, name)
      );
    case 'DoWhileStatement':
    case 'LabeledStatement':
    case 'WithStatement':
      return declares(node.body as AnyNode, name);
    case 'ForStatement':
      return declares(node.init as AnyNode | null, name);
    case 'ForInStatement':
      return declares(node.left as AnyNode, name);
    case 'SwitchStatement':
      return (
        node.cases.some((c) => c.test === null) &&
        node.cases.every((c) => c.consequent.some((s) => declares(s as AnyNode, name)))
      );
    default:
      return false;
  }
}

/** True when something that ran before `child` inside `parent` certainly declared `name`. */
function declaredBefore(parent: AnyNode, child: AnyNode, name: string): boolean {
  const earlier = (list: readonly unknown[]) => list.slice(0, Math.max(0, list.indexOf(child))) as AnyNode[];
  switch (parent.type) {
    case 'Program':
    case 'BlockStatement':
      return earlier(parent.body).some((s) => declares(s, name));
    case 'SwitchCase':
      return earlier(parent.consequent).some((s) => declares(s, name));
    case 'VariableDeclaration':
      return earlier(parent.declarations).some((d) => d.type === 'VariableDeclarator' && d.id.type === 'Identifier' && d.id.name === name);
    case 'VariableDeclarator':
      // `var x = x || {}`: the statement that declares x is the one running.
      return child === parent.init && parent.id.type === 'Identifier' && parent.id.name === name;
    case 'ForStatement':
      return child !== parent.init && declares(parent.init as AnyNode | null, name);
    case 'ForInStatement':
      return child === parent.body && declares(parent.left as AnyNode, name);
    default:
      return false;
  }
}

function isCertainlyDeclared(ctx: RuleContext, reference: AnyNode, name: string, scopeBlock: AnyNode): boolean {
  let child = reference;
  for (let parent = ctx.ast.parentOf(child); parent && child !== scopeBlock; parent = ctx.ast.parentOf(parent)) {
    if (declaredBefore(parent, child, name)) return true;
    child = parent;
  }
  return false;
}

export const conditionalVar: AstRule = {
  id: 'conditional-var',
  summary: 'no reference to a var whose only declarations sit in a branch, loop or catch that may not have run',
  check(ctx) {
    for (const { scope, variable, declaration, directReferences } of hoistedBindings(ctx.scopes)) {
      for (const ref of directReferences) {
        const id = ref.identifier;
        if (id.start < declaration.start || isTypeofOperand(id, ctx.ast.parentOf(id))) continue;
        if (isCertainlyDeclared(ctx, id, variable.name, scope.block)) continue;
        const where = declaration.loc ? ` (line ${declaration.loc.start.line})` : '';
        ctx.report(
          this.id,
          id,
          `${variable.name} may be undeclared here: its declaration${where} sits in a branch, loop or catch that may not have run, and Espruino throws ReferenceError for a var whose statement never ran — declare it with var at the top of the function`,
        );
      }
    }
  },
};
