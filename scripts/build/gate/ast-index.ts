/**
 * One pre-order pass over the acorn AST that lists every node and remembers each node's parent, so rules can
 * look at the context of a construct (is this member access called? is it the operand of typeof?) without
 * walking the tree themselves.
 */
import type { AnyNode, Program } from 'acorn';

export interface AstIndex {
  /** Every node of the program, parents before children. */
  readonly nodes: readonly AnyNode[];
  parentOf(node: AnyNode): AnyNode | undefined;
  /** Nodes of one type, in source order. */
  ofType<T extends AnyNode['type']>(type: T): Extract<AnyNode, { type: T }>[];
}

const NOT_CHILDREN = new Set(['loc', 'range', 'regex']);

function isNode(value: unknown): value is AnyNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { start?: unknown }).start === 'number'
  );
}

function childrenOf(node: AnyNode): AnyNode[] {
  const children: AnyNode[] = [];
  const record = node as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (NOT_CHILDREN.has(key)) continue;
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children;
}

export function indexAst(program: Program): AstIndex {
  const nodes: AnyNode[] = [];
  const parents = new Map<AnyNode, AnyNode>();
  const stack: AnyNode[] = [program];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    nodes.push(node);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) {
      parents.set(children[i], node);
      stack.push(children[i]);
    }
  }
  const byType = new Map<string, AnyNode[]>();
  for (const node of nodes) {
    const list = byType.get(node.type);
    if (list) list.push(node);
    else byType.set(node.type, [node]);
  }
  for (const list of byType.values()) list.sort((a, b) => a.start - b.start);
  return {
    nodes,
    parentOf: (node) => parents.get(node),
    ofType: <T extends AnyNode['type']>(type: T) => (byType.get(type) ?? []).slice() as Extract<AnyNode, { type: T }>[],
  };
}
