import type * as ESTree from 'estree';

// A small scope model of an ES5 program: enough for the Espruino pass to hoist declarations and to
// tell a global `Array` from a local one. (ES5 has only function scopes, plus catch parameters.)

export type FunctionNode = ESTree.FunctionDeclaration | ESTree.FunctionExpression;
type Ranged = { start: number; end: number };
export type Node = ESTree.Node & Ranged;

export interface VarStatement {
  node: ESTree.VariableDeclaration & Ranged;
  /**
   * 'listed': a statement directly in a statement list (it can vanish); 'statement': the body of an if
   * or loop (it must stay a statement); the init of a for loop; or the left of a for-in.
   */
  context: 'listed' | 'statement' | 'for-init' | 'for-in';
}

export interface StatementList {
  /** The node holding the list: a function body, a block, or the program. */
  owner: (ESTree.BlockStatement | ESTree.Program) & Ranged;
  statements: (ESTree.Node & Ranged)[];
}

export interface FunctionScope {
  node: (FunctionNode | ESTree.Program) & Ranged;
  parent: FunctionScope | null;
  params: string[];
  /** Names declared with var, in order of first declaration, without duplicates. */
  varNames: string[];
  varStatements: VarStatement[];
  functionNames: string[];
  /** Every statement list in this scope that holds a function declaration. */
  functionLists: StatementList[];
  /** Names bound here for lookup only: a named function expression's own name, catch parameters. */
  otherNames: string[];
}

export interface ScopeTree {
  root: FunctionScope;
  all: FunctionScope[];
  /** The innermost function scope of every node visited, for lookups. */
  scopeOf: WeakMap<object, FunctionScope>;
}

/** Walks an ES5 program once and records its function scopes and declarations. */
export function buildScopeTree(program: ESTree.Program & Ranged): ScopeTree {
  const all: FunctionScope[] = [];
  const scopeOf = new WeakMap<object, FunctionScope>();
  const root = newScope(program, null);
  all.push(root);

  const visit = (node: Node, scope: FunctionScope, parent: Node | null): void => {
    scopeOf.set(node, scope);
    switch (node.type) {
      case 'FunctionDeclaration':
        addUnique(scope.functionNames, node.id.name);
        enterFunction(node as FunctionNode & Ranged, scope);
        return;
      case 'FunctionExpression':
        enterFunction(node as FunctionNode & Ranged, scope);
        return;
      case 'VariableDeclaration':
        recordVar(node as ESTree.VariableDeclaration & Ranged, scope, parent);
        break;
      case 'CatchClause':
        if (node.param && node.param.type === 'Identifier') addUnique(scope.otherNames, node.param.name);
        break;
      case 'BlockStatement':
      case 'Program':
        recordFunctionList(node as StatementList['owner'], scope);
        break;
      default:
        break;
    }
    forEachChild(node, (child) => visit(child, scope, node));
  };

  const enterFunction = (fn: FunctionNode & Ranged, outer: FunctionScope): void => {
    const scope = newScope(fn, outer);
    all.push(scope);
    if (fn.type === 'FunctionExpression' && fn.id) scope.otherNames.push(fn.id.name);
    for (const p of fn.params) if (p.type === 'Identifier') scope.params.push(p.name);
    scopeOf.set(fn, scope);
    visit(fn.body as Node, scope, fn);
  };

  recordFunctionList(program, root);
  forEachChild(program, (child) => visit(child, root, program));
  return { root, all, scopeOf };
}

/** True when `name` resolves to nothing declared in `scope` or any enclosing scope, i.e. a global. */
export function isGlobalReference(name: string, scope: FunctionScope | undefined): boolean {
  for (let s: FunctionScope | null | undefined = scope; s; s = s.parent) {
    if (s.params.includes(name) || s.varNames.includes(name) || s.functionNames.includes(name)) return false;
    if (s.otherNames.includes(name)) return false;
  }
  return true;
}

function newScope(node: FunctionScope['node'], parent: FunctionScope | null): FunctionScope {
  return { node, parent, params: [], varNames: [], varStatements: [], functionNames: [], functionLists: [], otherNames: [] };
}

function recordVar(node: ESTree.VariableDeclaration & Ranged, scope: FunctionScope, parent: Node | null): void {
  let context: VarStatement['context'] = 'statement';
  if (parent && (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'SwitchCase')) {
    context = 'listed';
  }
  if (parent && parent.type === 'ForStatement' && parent.init === node) context = 'for-init';
  if (parent && parent.type === 'ForInStatement' && parent.left === node) context = 'for-in';
  scope.varStatements.push({ node, context });
  for (const d of node.declarations) if (d.id.type === 'Identifier') addUnique(scope.varNames, d.id.name);
}

function recordFunctionList(owner: StatementList['owner'], scope: FunctionScope): void {
  const statements = owner.body as (ESTree.Node & Ranged)[];
  if (statements.some((s) => s.type === 'FunctionDeclaration')) scope.functionLists.push({ owner, statements });
}

function addUnique(list: string[], name: string): void {
  if (!list.includes(name)) list.push(name);
}

/** Calls fn for every child node of node, in source order. */
export function forEachChild(node: Node, fn: (child: Node) => void): void {
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) fn(item);
    } else if (isNode(value)) {
      fn(value);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
