/**
 * Rule leaked-global (option prefixedGlobals, default on): every var or function the image declares at its top
 * level is named `$…`. A top-level binding is a global of the Espruino interpreter, shared with the application
 * that runs next to the image: the build's flatten step moves the run-once IIFEs' bodies to the top level (there a
 * function costs fewer JsVars) and names every binding it moves `$…`, a prefix the image keeps for itself, so no
 * name of the application collides with one of the image. A top-level name without the prefix is one the build did
 * not choose: a helper or a variable pasted outside the bundle, which the application could overwrite or read.
 */
import type { AnyNode } from 'acorn';
import type { AstRule } from '../types';

/** The image's own global names: `$` and at least one more character (a bare `$` is a name applications use). */
export function isImageGlobalName(name: string): boolean {
  return name.length > 1 && name[0] === '$';
}

export const leakedGlobal: AstRule = {
  id: 'leaked-global',
  summary: 'every top-level var or function of the image is named $…: the image leaks no global an application could collide with',
  check(ctx) {
    if (!ctx.options.prefixedGlobals) return;
    const global = ctx.scopes.manager.globalScope;
    if (!global) return;
    for (const variable of global.variables) {
      if (isImageGlobalName(variable.name)) continue;
      const def = variable.defs.find((d) => d.type === 'Variable' || d.type === 'FunctionName');
      if (!def) continue;
      const kind = def.type === 'FunctionName' ? 'function' : 'var';
      const at: AnyNode = def.type === 'FunctionName' ? def.node : (def.parent ?? def.name);
      ctx.report(
        this.id,
        at,
        `${kind} ${variable.name} is declared at the top level, so it is a global of Espruino's interpreter that the application can collide with: ` +
          `declare it inside a function, or let the build's flatten step name it $…`,
      );
    }
  },
};
