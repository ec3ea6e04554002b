// Text as a JavaScript string literal that one REPL line can carry to Espruino (spec/espruino.md §2): only
// printable ASCII goes as itself; quotes and backslashes are escaped, and every other byte is written as \xHH,
// because the REPL would take 0x7F as backspace, \r or \n as Enter and other control codes as commands.
// Strings are 8-bit on the board, so the text is read as latin1 (one char per byte).

export function jsStringLiteral(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new RangeError(`character U+${c.toString(16).padStart(4, '0')} at ${i} is not 8-bit: Espruino strings hold bytes`);
    if (c === 0x22 || c === 0x5c) out += `\\${text[i]}`;
    else if (c >= 0x20 && c < 0x7f) out += text[i];
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/**
 * JSON as Espruino prints it, parsed: Espruino may escape bytes as \xHH, which JSON does not know, so those are
 * turned into \u00HH first (an escaped backslash followed by "x" is left alone).
 */
export function parseEspruinoJson(text: string): unknown {
  const standard = text.replace(/\\(x([0-9a-fA-F]{2})|[\s\S])/g, (whole, _esc: string, hex: string | undefined) =>
    hex === undefined ? whole : `\\u00${hex}`,
  );
  return JSON.parse(standard);
}
