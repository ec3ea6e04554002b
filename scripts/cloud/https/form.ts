// A strict application/x-www-form-urlencoded parser: the emulator answers 460 ("param error") to anything a real
// client would not send, instead of guessing. Accepted: `name=value` pairs joined by '&', '+' as space,
// %XX escapes. Refused: a part without '=', an empty name, a malformed escape, a name given twice.

export type FormResult = { ok: true; fields: Map<string, string> } | { ok: false; reason: string };

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

export function parseForm(body: string): FormResult {
  const fields = new Map<string, string>();
  if (body.length === 0) return { ok: true, fields };
  const parts = body.split('&');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const eq = part.indexOf('=');
    if (eq < 0) return { ok: false, reason: `form part ${i + 1} has no '='` };
    const name = decode(part.slice(0, eq));
    const value = decode(part.slice(eq + 1));
    if (name === null || value === null) return { ok: false, reason: `form part ${i + 1} has a malformed %-escape` };
    if (name.length === 0) return { ok: false, reason: `form part ${i + 1} has an empty name` };
    if (fields.has(name)) return { ok: false, reason: `form field ${name} is given twice` };
    fields.set(name, value);
  }
  return { ok: true, fields };
}

/** True for `application/x-www-form-urlencoded`, with or without parameters such as `;charset=utf-8`. */
export function isFormContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
