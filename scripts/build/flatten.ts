import remapping from '@jridgewell/remapping';
import * as acorn from 'acorn';
import type { AnyNode, CallExpression, Expression, FunctionExpression, Program, ReturnStatement, Statement } from 'acorn';
import { analyze, type Scope, type ScopeManager, type Variable } from 'eslint-scope';
import MagicString from 'magic-string';
import { forEachChild as forEachEstreeChild } from './scope-tree';

/** The scope tree's child walk, over acorn's node types (the same objects as its ESTree ones). */
const forEachChild = forEachEstreeChild as unknown as (node: AnyNode, fn: (child: AnyNode) => void) => void;

// On Espruino a function created inside another function costs about 3 JsVars more than one created at the top
// level of the script (measured from Storage on 2v29: 8 against 5 for an empty function, 9.9 against 6.5 per method
// of a tsc class IIFE; the body's length makes no difference, the code stays in flash). The bundle is one IIFE with
// tsc's class IIFEs inside, so every function of the image pays that. This step moves the body of each run-once
// IIFE to the top level of the program, round after round (the bundle's IIFE, then the class IIFEs it held, …):
//
//   (function(){BODY})();             →  BODY
//   X = (function(r){BODY; return E})(s);  →  var $p=s; BODY; X=(E);
//   var a=1, X=(function(){…})(), b=2;     →  var a=1; BODY; var X=(E); var b=2;
//   a(), (function(){BODY})(), b();        →  a(); BODY; b();
//
// Every binding of a moved body (vars, function declarations, parameters) is renamed to a fresh top-level name
// starting with `$` that no identifier or string of the program uses, so nothing it declares can capture or shadow
// anything else. An IIFE whose meaning would change at the top level stays as it is: one that reads `this` or
// `arguments` itself, returns anywhere but at its very end, is passed an argument that is not a plain name or
// literal, has a name of its own, calls `eval` or holds a `with`, or is strict in a program that is not.

export interface FlattenResult {
  code: string;
  /** v3 source map from the flattened code to the code given. */
  map: string;
  /** How many IIFEs were moved to the top level. */
  flattened: number;
}

type Ranged = { start: number; end: number };
type Node = AnyNode & Ranged;

interface Iife {
  /** The node that stands for the IIFE where it is: the call, or `!`/`void` around it. */
  node: Node;
  fn: FunctionExpression;
  call: CallExpression;
  scope: Scope;
  /** The body's last statement when it is a `return`. */
  ret: ReturnStatement | null;
  /** "use strict" directives of the body (dropped: the program says it already). */
  directives: Statement[];
}

interface Flat {
  iife: Iife;
  /** 'call': the value is unused; 'assign': `X = iife()`; 'declare': `var X = iife()`. */
  form: 'call' | 'assign' | 'declare';
  target?: string;
}

interface Element {
  /** A sequence element, the whole expression, or a declarator. */
  node: Node;
  flat: Flat | null;
}

interface StatementPlan {
  statement: Statement & Ranged;
  isVar: boolean;
  elements: Element[];
  /** The statement before this one ends without a semicolon (ASI), so new text must not continue it. */
  afterOpen: boolean;
}

const MAX_ROUNDS = 64;

/** Flattens every run-once IIFE of an ES5 script, as deep as they nest; returns the code unchanged when none fits. */
export function flattenIifes(code: string, filename = 'image.js'): FlattenResult {
  const names = new FreshNames(namesIn(code));
  const maps: string[] = [];
  let flattened = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const out = new MagicString(code);
    const moved = flattenRound(code, out, names);
    if (moved === 0) break;
    flattened += moved;
    maps.unshift(out.generateMap({ source: filename, file: filename, hires: true, includeContent: false }).toString());
    code = out.toString();
  }
  const map =
    maps.length === 0
      ? new MagicString(code).generateMap({ source: filename, file: filename, hires: true, includeContent: false }).toString()
      : maps.length === 1
        ? maps[0]!
        : remapping(maps, () => null).toString();
  return { code, map, flattened };
}

function parse(code: string): Program {
  return acorn.parse(code, { ecmaVersion: 5, sourceType: 'script', ranges: true });
}

/** One round: flattens the IIFEs that are top-level statements (or parts of one) of `code` into `out`. */
function flattenRound(code: string, out: MagicString, names: FreshNames): number {
  const program = parse(code);
  const manager = analyze(program, { ecmaVersion: 5, sourceType: 'script' });
  const strict = directivesOf(program.body).some(isUseStrict);
  const plans: StatementPlan[] = [];
  program.body.forEach((statement, i) => {
    const plan = planStatement(statement as Statement & Ranged, manager, strict);
    if (plan) {
      const before = program.body[i - 1];
      plan.afterOpen = before !== undefined && endsOpen(code, before);
      plans.push(plan);
    }
  });
  const flats = plans.flatMap((p) => p.elements.flatMap((e) => (e.flat ? [e.flat] : [])));
  if (flats.length === 0) return 0;

  // Renames first, structural edits after: the edits overwrite whole ranges and must see the renamed text kept.
  const params = new Map<Flat, string[]>();
  const variables = flats.flatMap((f) => f.iife.scope.variables.filter((v) => v.defs.length > 0).map((v) => ({ f, v })));
  variables.sort((a, b) => useCount(b.v) - useCount(a.v));
  for (const { f, v } of variables) {
    const fresh = names.next();
    renameVariable(out, v, fresh, f.iife.fn);
    if (v.defs.some((d) => d.type === 'Parameter')) {
      const list = params.get(f) ?? [];
      list[f.iife.fn.params.findIndex((p) => p.type === 'Identifier' && p.name === v.name)] = fresh;
      params.set(f, list);
    }
  }
  for (const plan of plans) applyPlan(out, code, plan, params);
  return flats.length;
}

function planStatement(statement: Statement & Ranged, manager: ScopeManager, strict: boolean): StatementPlan | null {
  let elements: Element[];
  let isVar = false;
  if (statement.type === 'ExpressionStatement') {
    if ((statement as { directive?: string }).directive !== undefined) return null;
    const expression = statement.expression;
    const list = expression.type === 'SequenceExpression' ? expression.expressions : [expression];
    elements = list.map((node) => ({ node: node as Node, flat: flatExpression(node, manager, strict) }));
  } else if (statement.type === 'VariableDeclaration' && statement.kind === 'var') {
    isVar = true;
    elements = statement.declarations.map((d) => {
      const iife = d.init && d.id.type === 'Identifier' ? inspect(d.init, manager, strict, false) : null;
      return { node: d as Node, flat: iife && d.id.type === 'Identifier' ? { iife, form: 'declare', target: d.id.name } : null };
    });
  } else {
    return null;
  }
  if (!elements.some((e) => e.flat)) return null;
  return { statement, isVar, elements, afterOpen: false };
}

function flatExpression(node: Expression, manager: ScopeManager, strict: boolean): Flat | null {
  if (node.type === 'AssignmentExpression') {
    if (node.operator !== '=' || node.left.type !== 'Identifier') return null;
    const iife = inspect(node.right, manager, strict, false);
    return iife ? { iife, form: 'assign', target: node.left.name } : null;
  }
  const iife = inspect(node, manager, strict, true);
  return iife ? { iife, form: 'call' } : null;
}

/** The IIFE `node` is, when its body means the same at the top level of the program; else null. */
function inspect(node: Expression, manager: ScopeManager, strict: boolean, valueUnused: boolean): Iife | null {
  let call: Expression = node;
  if (valueUnused && call.type === 'UnaryExpression' && (call.operator === '!' || call.operator === 'void')) call = call.argument;
  if (call.type !== 'CallExpression' || call.callee.type !== 'FunctionExpression') return null;
  const fn = call.callee;
  if (fn.id) return null;
  const paramNames = fn.params.map((p) => (p.type === 'Identifier' ? p.name : ''));
  if (paramNames.includes('') || new Set(paramNames).size !== paramNames.length) return null;
  if (call.arguments.length > fn.params.length) return null;
  if (!call.arguments.every((a) => a.type === 'Identifier' || a.type === 'Literal')) return null;
  const scope = manager.acquire(fn);
  if (!scope || scope.dynamic || scope.thisFound) return null;
  const args = scope.set.get('arguments');
  if (args && args.references.length > 0) return null;
  // A function declared under a parameter's name replaces the argument at entry; `var $p = arg` would undo that.
  for (const v of scope.variables) {
    if (v.defs.some((d) => d.type === 'Parameter') && v.defs.some((d) => d.type === 'FunctionName')) return null;
  }
  const directives = directivesOf(fn.body.body);
  if (!strict && directives.some(isUseStrict)) return null;
  const { returns, hasWith } = ownReturns(fn.body);
  if (hasWith) return null;
  const last = fn.body.body[fn.body.body.length - 1];
  if (returns.length > 1 || (returns.length === 1 && returns[0] !== last)) return null;
  return { node: node as Node, fn, call, scope, ret: returns[0] ?? null, directives: directives.filter(isUseStrict) };
}

/** The `return` statements of a function body itself (not of nested functions), and whether a `with` is anywhere inside. */
function ownReturns(body: AnyNode): { returns: ReturnStatement[]; hasWith: boolean } {
  const returns: ReturnStatement[] = [];
  let hasWith = false;
  const visit = (node: AnyNode, inNested: boolean): void => {
    if (node.type === 'WithStatement') hasWith = true;
    if (node.type === 'ReturnStatement' && !inNested) returns.push(node);
    const nested = inNested || node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression';
    forEachChild(node, (child) => visit(child, nested));
  };
  forEachChild(body, (child) => visit(child, false));
  return { returns, hasWith };
}

function renameVariable(out: MagicString, v: Variable, fresh: string, fn: FunctionExpression): void {
  const seen = new Set<AnyNode>();
  const paramNodes = new Set<AnyNode>(fn.params);
  for (const id of [...v.identifiers, ...v.references.map((r) => r.identifier)]) {
    // Parameters sit in the head `(function(r){`, which the structural edit rewrites into `var $p = arg;`.
    if (seen.has(id) || paramNodes.has(id)) continue;
    seen.add(id);
    out.overwrite(id.start, id.end, fresh);
  }
}

function useCount(v: Variable): number {
  return v.identifiers.length + v.references.length;
}

function applyPlan(out: MagicString, code: string, plan: StatementPlan, params: Map<Flat, string[]>): void {
  const { statement, elements, isVar } = plan;
  let ends = !plan.afterOpen; // the text so far ends a statement
  let inVar = false; // a `var` statement is open and a declarator may follow with a comma
  let wrapped = false; // the previous kept element was wrapped in parens
  let at = statement.start;
  for (const element of elements) {
    const close = wrapped ? ')' : '';
    if (!element.flat) {
      const wrap = !isVar && startsLikeAStatement(code, element.node.start);
      const open = isVar ? (inVar ? ',' : `${ends ? '' : ';'}var `) : ends ? '' : ';';
      put(out, code, at, element.node.start, close + open + (wrap ? '(' : ''));
      ends = false;
      inVar = isVar;
      wrapped = wrap;
    } else {
      put(out, code, at, element.node.start, close + (ends ? '' : ';'));
      emitFlat(out, code, element.node, element.flat, params.get(element.flat) ?? []);
      ends = true;
      inVar = false;
      wrapped = false;
    }
    at = element.node.end;
  }
  put(out, code, at, statement.end, (wrapped ? ')' : '') + (ends ? '' : ';'));
}

/** Rewrites one IIFE in place into its parameters' `var`, its body, and the assignment of its return value. */
function emitFlat(out: MagicString, code: string, node: Node, flat: Flat, paramNames: string[]): void {
  const { fn, call, ret, directives } = flat.iife;
  const body = fn.body as typeof fn.body & Ranged;
  const declarators = fn.params.map((_, i) => {
    const arg = call.arguments[i] as Node | undefined;
    return arg ? `${paramNames[i]}=${code.slice(arg.start, arg.end)}` : paramNames[i]!;
  });
  put(out, code, node.start, body.start + 1, declarators.length > 0 ? `var ${declarators.join(',')};` : '');
  for (const d of directives) put(out, code, d.start, d.end, '');
  const statements = body.body.filter((s) => !directives.includes(s));
  const assign = flat.form === 'call' ? '' : `${flat.form === 'declare' ? 'var ' : ''}${flat.target}=`;
  let tail = '';
  if (ret) {
    const before = statements[statements.indexOf(ret) - 1];
    const guard = before !== undefined && endsOpen(code, before) ? ';' : '';
    const arg = ret.argument as Node | null | undefined;
    if (arg) {
      put(out, code, ret.start, arg.start, `${guard}${assign}(`);
      put(out, code, arg.end, ret.end, ');');
    } else {
      put(out, code, ret.start, ret.end, assign ? `${guard}${assign}void 0;` : guard);
    }
  } else {
    const last = statements[statements.length - 1];
    const guard = last !== undefined && endsOpen(code, last) ? ';' : '';
    tail = assign ? `${guard}${assign}void 0;` : guard;
  }
  put(out, code, body.end - 1, node.end, tail);
}

/** Replaces code[start, end) by text (an insertion when the range is empty), leaving identical text alone. */
function put(out: MagicString, code: string, start: number, end: number, text: string): void {
  if (start === end) {
    if (text !== '') out.appendLeft(start, text);
    return;
  }
  if (code.slice(start, end) === text) return;
  if (text === '') out.remove(start, end);
  else out.overwrite(start, end, text);
}

/** True when a statement ends in a way that text after it would continue (no `;`, not a block or declaration). */
function endsOpen(code: string, s: AnyNode): boolean {
  switch (s.type) {
    case 'FunctionDeclaration':
    case 'BlockStatement':
    case 'TryStatement':
    case 'SwitchStatement':
    case 'EmptyStatement':
      return false;
    case 'IfStatement':
      return endsOpen(code, s.alternate ?? s.consequent);
    case 'ForStatement':
    case 'ForInStatement':
    case 'WhileStatement':
    case 'LabeledStatement':
    case 'WithStatement':
      return endsOpen(code, s.body);
    default:
      return code[s.end - 1] !== ';';
  }
}

/** An expression starting with `function` or `{` would read as a declaration or a block at the start of a statement. */
function startsLikeAStatement(code: string, at: number): boolean {
  return code[at] === '{' || /^function\b/.test(code.slice(at, at + 9));
}

function directivesOf(body: readonly AnyNode[]): Statement[] {
  const found: Statement[] = [];
  for (const s of body) {
    if (s.type === 'ExpressionStatement' && typeof (s as { directive?: unknown }).directive === 'string') found.push(s);
    else break;
  }
  return found;
}

function isUseStrict(s: Statement): boolean {
  return (s as { directive?: string }).directive === 'use strict';
}


/** Every name-like word of the program: identifiers, keywords used as property names, and identifier-shaped strings. */
function namesIn(code: string): Set<string> {
  const used = new Set<string>();
  for (const token of acorn.tokenizer(code, { ecmaVersion: 5 })) {
    if (token.type === acorn.tokTypes.name || token.type.keyword !== undefined) used.add(code.slice(token.start, token.end));
    else if (token.type === acorn.tokTypes.string) {
      const value = (token as unknown as { value: unknown }).value;
      if (typeof value === 'string' && /^[\w$]+$/.test(value)) used.add(value);
    }
  }
  return used;
}

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$0123456789';

/** `$a`, `$b`, … `$9`, `$aa`, …: short names first, skipping every name the program already has. */
export class FreshNames {
  private n = 0;
  constructor(private readonly used: Set<string>) {}

  next(): string {
    for (;;) {
      let k = this.n++;
      let suffix = '';
      do {
        suffix = NAME_CHARS[k % NAME_CHARS.length] + suffix;
        k = Math.floor(k / NAME_CHARS.length) - 1;
      } while (k >= 0);
      const name = `$${suffix}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}
