/**
 * Scope resolution for the gate, on top of eslint-scope.
 *
 * eslint-scope leaves `Reference.resolved` empty for names declared with `var`/`function` in the global scope and
 * for every reference inside a function that calls `eval` (a "dynamic" scope). The gate needs a static answer in
 * both cases — "is `Map` here the global or a local?" — so a reference is resolved here by walking the scope chain
 * and looking the name up in each scope's declared set.
 */
import type { AnyNode, Identifier } from 'acorn';
import { analyze, type Reference, type Scope, type ScopeManager, type Variable } from 'eslint-scope';

export class ScopeIndex {
  readonly manager: ScopeManager;
  /** Every identifier reference of the program, in source order. */
  readonly references: readonly Reference[];
  private readonly byIdentifier = new Map<Identifier, Reference>();
  private referencesByVariable: Map<Variable, Reference[]> | undefined;

  constructor(program: AnyNode) {
    this.manager = analyze(program, { ecmaVersion: 5, sourceType: 'script' });
    const references: Reference[] = [];
    for (const scope of this.manager.scopes) {
      for (const ref of scope.references) {
        references.push(ref);
        this.byIdentifier.set(ref.identifier, ref);
      }
    }
    references.sort((a, b) => a.identifier.start - b.identifier.start);
    this.references = references;
  }

  /** The variable a reference names: the nearest enclosing scope that declares the name, or null (a free global). */
  resolve(ref: Reference): Variable | null {
    const name = ref.identifier.name;
    for (let scope: Scope | null = ref.from; scope; scope = scope.upper) {
      const variable = scope.set.get(name);
      if (variable) return variable;
    }
    return null;
  }

  /** The reference an identifier node makes, if it is one (property names and object keys are not). */
  referenceAt(node: AnyNode | undefined): Reference | undefined {
    return node && node.type === 'Identifier' ? this.byIdentifier.get(node) : undefined;
  }

  /** True when `node` is an identifier reference that no scope declares, i.e. it names a global. */
  isFree(node: AnyNode | undefined, name?: string): node is Identifier {
    const ref = this.referenceAt(node);
    if (!ref || (name !== undefined && ref.identifier.name !== name)) return false;
    return this.resolve(ref) === null;
  }

  /**
   * True when `node` certainly evaluates to a function: a function expression, or an identifier bound to a
   * function declaration or to a `var` initialised with a function expression.
   */
  isFunctionValued(node: AnyNode | undefined): boolean {
    if (!node) return false;
    if (node.type === 'FunctionExpression') return true;
    const ref = this.referenceAt(node);
    const variable = ref && this.resolve(ref);
    if (!variable) return false;
    return variable.defs.some(
      (def) =>
        def.type === 'FunctionName' ||
        (def.type === 'Variable' &&
          def.node.type === 'VariableDeclarator' &&
          def.node.init?.type === 'FunctionExpression'),
    );
  }

  /** All references that resolve to `variable` (including those eslint-scope left unresolved). */
  referencesOf(variable: Variable): readonly Reference[] {
    if (!this.referencesByVariable) {
      this.referencesByVariable = new Map();
      for (const ref of this.references) {
        const target = this.resolve(ref);
        if (!target) continue;
        const list = this.referencesByVariable.get(target);
        if (list) list.push(ref);
        else this.referencesByVariable.set(target, [ref]);
      }
    }
    return this.referencesByVariable.get(variable) ?? [];
  }

  /** Scopes that own `var` and function declarations: the program and every function. */
  hoistingScopes(): Scope[] {
    return this.manager.scopes.filter((scope) => scope.type === 'global' || scope.type === 'function');
  }
}

/**
 * Where a `var` or function declaration takes effect in Espruino, which does not hoist: the first declarator's
 * name, or the whole first function statement, whichever comes first in the source.
 */
export function firstDeclaration(variable: Variable): AnyNode | undefined {
  let first: AnyNode | undefined;
  for (const def of variable.defs) {
    const at = def.type === 'FunctionName' ? def.node : def.type === 'Variable' ? def.name : undefined;
    if (at !== undefined && (first === undefined || at.start < first.start)) first = at;
  }
  return first;
}

/** A `var`/function binding of a hoisting scope, with the references made directly in that scope. */
export interface HoistedBinding {
  scope: Scope;
  variable: Variable;
  declaration: AnyNode;
  /** References from the scope itself (or its catch/with blocks), not from nested functions; declarators excluded. */
  directReferences: Reference[];
}

const hoistedBindingsCache = new WeakMap<ScopeIndex, HoistedBinding[]>();

/**
 * Every binding declared only by `var`/function statements (a parameter binds at function entry, so a name that
 * is also a parameter is left out), in every hoisting scope.
 */
export function hoistedBindings(scopes: ScopeIndex): readonly HoistedBinding[] {
  const cached = hoistedBindingsCache.get(scopes);
  if (cached) return cached;
  const bindings: HoistedBinding[] = [];
  for (const scope of scopes.hoistingScopes()) {
    for (const variable of scope.variables) {
      const isStatementBound = variable.defs.length > 0 && variable.defs.every((d) => d.type === 'Variable' || d.type === 'FunctionName');
      const declaration = firstDeclaration(variable);
      if (!isStatementBound || !declaration) continue;
      const declarators = new Set<AnyNode>(variable.defs.map((d) => d.name));
      const directReferences = scopes
        .referencesOf(variable)
        .filter((ref) => ref.from.variableScope === scope && !declarators.has(ref.identifier));
      bindings.push({ scope, variable, declaration, directReferences });
    }
  }
  hoistedBindingsCache.set(scopes, bindings);
  return bindings;
}
