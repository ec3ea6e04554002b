import { ESPRUINO_KEYWORD_NAMES, variableIdentifiers } from './espruino-keywords';

type Program = Parameters<typeof variableIdentifiers>[0];

/**
 * Renames every variable the minifier called `of` (or another word Espruino reserves, see espruino-keywords.ts) to
 * a name of the same length that no identifier of the image uses, so every offset (and the source map) stays as it
 * was. Every occurrence of the word is renamed the same way, so bindings and their references stay paired whatever
 * their scopes; the image has no global of that name to refer to. Returns the code unchanged when nothing needs it.
 */
export function renameEspruinoKeywords(code: string, program: Program): { code: string; renamed: number } {
  const ids = variableIdentifiers(program);
  const used = new Set(ids.map((id) => id.name as string));
  const edits: { start: number; end: number; name: string }[] = [];
  for (const word of ESPRUINO_KEYWORD_NAMES) {
    const hits = ids.filter((id) => id.name === word);
    if (hits.length === 0) continue;
    const fresh = unusedName(word.length, used);
    used.add(fresh);
    for (const id of hits) edits.push({ start: id.start, end: id.end, name: fresh });
  }
  if (edits.length === 0) return { code, renamed: 0 };
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += code.slice(at, e.start) + e.name;
    at = e.end;
  }
  return { code: out + code.slice(at), renamed: edits.length };
}

const FIRST = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
const REST = FIRST + '0123456789';

/** The first name of `length` characters, in a fixed order, that is not in `used` and is not a reserved word. */
function unusedName(length: number, used: ReadonlySet<string>): string {
  const reserved = new Set(['do', 'if', 'in', 'for', 'new', 'try', 'var', ...ESPRUINO_KEYWORD_NAMES]);
  const walk = (prefix: string): string | undefined => {
    if (prefix.length === length) return used.has(prefix) || reserved.has(prefix) ? undefined : prefix;
    for (const c of prefix.length === 0 ? FIRST : REST) {
      const name = walk(prefix + c);
      if (name !== undefined) return name;
    }
    return undefined;
  };
  const name = walk('');
  if (name === undefined) throw new Error(`no free ${length}-character name left to rename a keyword-named variable`);
  return name;
}
