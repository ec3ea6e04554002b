/**
 * Shared shapes of the dialect gate: what a violation looks like, what a caller may configure, and what a rule
 * sees while it inspects one parsed image.
 */
import type { AnyNode, Program } from 'acorn';
import type { AstIndex } from './ast-index';
import type { ScopeIndex } from './scope';

export interface GateViolation {
  /** Stable rule id, e.g. 'es5-syntax', 'forbidden-global'. */
  rule: string;
  /** Names the construct and the remedy. */
  message: string;
  /** 1-based line in the image. */
  line: number;
  /** 0-based column in the image. */
  column: number;
  /** Original TypeScript location, when a source map resolves the image position. */
  source?: { file: string; line: number; column: number };
}

export interface GateOptions {
  /** Used in messages; default 'image.js'. */
  filename?: string;
  /** Extra globals the board declares (e.g. 'Promise'). */
  allowGlobals?: string[];
  /** v3 source map of the image. */
  sourceMap?: string | object;
  /** Default true: every top-level var or function of the program is named `$…` (rule leaked-global). */
  prefixedGlobals?: boolean;
}

export interface RuleInfo {
  id: string;
  summary: string;
}

export interface ImagePosition {
  line: number;
  column: number;
}

export interface ResolvedOptions {
  filename: string;
  allowGlobals: ReadonlySet<string>;
  prefixedGlobals: boolean;
}

export interface RuleContext {
  readonly code: string;
  readonly program: Program;
  readonly ast: AstIndex;
  readonly scopes: ScopeIndex;
  readonly options: ResolvedOptions;
  /** Records a violation of `rule` at a node's start or at an explicit image position. */
  report(rule: string, at: AnyNode | ImagePosition, message: string): void;
}

/** A rule that inspects the parsed image and reports under its own id. */
export interface AstRule extends RuleInfo {
  check(ctx: RuleContext): void;
}
