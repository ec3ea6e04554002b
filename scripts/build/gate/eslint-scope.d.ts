/**
 * The part of eslint-scope 8 that the dialect gate and the flatten step use (the package ships no type declarations).
 */
declare module 'eslint-scope' {
  import type { AnyNode, Identifier } from 'acorn';

  export interface Definition {
    /** 'Variable' | 'FunctionName' | 'Parameter' | 'CatchClause' | 'ImplicitGlobalVariable' | … */
    type: string;
    name: Identifier;
    node: AnyNode;
    parent: AnyNode | null;
  }

  export interface Variable {
    name: string;
    defs: Definition[];
    identifiers: Identifier[];
    references: Reference[];
    scope: Scope;
  }

  export interface Reference {
    identifier: Identifier;
    from: Scope;
    resolved: Variable | null;
    init?: boolean;
    isRead(): boolean;
    isWrite(): boolean;
    isReadOnly(): boolean;
    isWriteOnly(): boolean;
  }

  export interface Scope {
    /** 'global' | 'function' | 'function-expression-name' | 'catch' | 'with' | … */
    type: string;
    block: AnyNode;
    upper: Scope | null;
    variableScope: Scope;
    childScopes: Scope[];
    set: Map<string, Variable>;
    variables: Variable[];
    references: Reference[];
    through: Reference[];
    /** True for the global scope, a `with` block, and every scope that holds (or encloses) a direct `eval` call. */
    dynamic: boolean;
    /** True when a `this` is read in this scope itself (not in a nested function). */
    thisFound: boolean;
  }

  export interface ScopeManager {
    scopes: Scope[];
    globalScope: Scope | null;
    /** The scope a node opens (a function, a catch clause, the program), or null. */
    acquire(node: AnyNode, inner?: boolean): Scope | null;
  }

  export interface AnalyzeOptions {
    ecmaVersion?: number;
    sourceType?: 'script' | 'module' | 'commonjs';
    optimistic?: boolean;
    ignoreEval?: boolean;
  }

  export function analyze(ast: object, options?: AnalyzeOptions): ScopeManager;
}
