/**
 * Words that ES5 lets a program use as a variable name but Espruino's lexer reads as keywords: `var of = 1` is a
 * SyntaxError on Espruino 2v29 ("Got of expected ID"), as are `let` and `static` (checked on the real engine). As
 * property names (`o.of`, `{ of: 1 }`) they are fine. A minifier may pick `of` as a two-letter name.
 */
export const ESPRUINO_KEYWORD_NAMES: readonly string[] = ['of', 'let', 'static'];

interface AnyNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Every Identifier that names a variable, parameter, function or label (not a property name in `o.x` or `{ x: … }`),
 * with its parent, in source order.
 */
export function variableIdentifiers(program: AnyNode): AnyNode[] {
  const found: AnyNode[] = [];
  const visit = (node: AnyNode, parent: AnyNode | undefined, key: string): void => {
    if (node.type === 'Identifier') {
      const isPropertyName =
        parent !== undefined &&
        ((parent.type === 'MemberExpression' && key === 'property' && !parent.computed) ||
          (parent.type === 'Property' && key === 'key' && !parent.computed));
      if (!isPropertyName) found.push(node);
      return;
    }
    for (const k of Object.keys(node)) {
      if (k === 'loc') continue;
      const value = node[k];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item, node, k);
      } else if (isNode(value)) {
        visit(value, node, k);
      }
    }
  };
  visit(program, undefined, '');
  return found.sort((a, b) => a.start - b.start);
}
