// The prelude's source files (./prelude/*.js, plain ES5), in the order the engine evaluates them.
import { readFileSync } from 'node:fs';

/** dialect.js last: it hides builtins the others captured. */
export const PRELUDE_FILES = ['bridge.js', 'memory.js', 'espruino-globals.js', 'espruino-builtins.js', 'timers.js', 'dialect.js'] as const;

export interface PreludeSource {
  filename: string;
  code: string;
}

let cached: PreludeSource[] | undefined;

export function preludeSources(): PreludeSource[] {
  cached ??= PRELUDE_FILES.map((name) => ({
    filename: `prelude/${name}`,
    code: readFileSync(new URL(`./prelude/${name}`, import.meta.url), 'utf8'),
  }));
  return cached;
}
