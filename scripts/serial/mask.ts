// Secrets masked in console text before a tool shows or stores it (DESIGN.md convention 7), in the form
// src/util/mask.ts produces: the first 4 characters and '…' (at most half of a short value).
//
// The rule, applied to each line:
//  1. A value after a secret's label is masked. Labels (any case; words may be joined by nothing, ' ', '_' or '-'):
//     device secret, product secret, secret, password, passwd, pwd, token, iot token, device token, access key,
//     sign, signature. The label is followed by ':' or '=' (spaces and a quote on either side allowed, so JSON
//     "deviceSecret":"…" and `DeviceSecret : …` both count); the value is the run of [A-Za-z0-9+/=._-] after it.
//  2. Any other run of 32 or more ASCII letters and digits is masked: a DeviceSecret is 32 of them, and tokens,
//     signatures and MQTT passwords are as long or longer. (A 32-character DeviceName made only of letters and
//     digits is masked too: the safe side.)
//  A value that is already masked (directly followed by '…', also as UTF-8 bytes read as latin1) is left alone.
import { maskSecret } from '../../src/util/mask';

const LABELLED =
  /\b(device[ _-]?secret|product[ _-]?secret|secret|passw(?:or)?d|pwd|(?:iot[ _-]?|device[ _-]?)?token|access[ _-]?key|sign(?:ature)?)(["']?\s*[:=]\s*["']?)([A-Za-z0-9+/=._-]+)/gi;
const LONG_RUN = /[A-Za-z0-9]{32,}/g;
/** '…' as a Node string, and as its UTF-8 bytes read one per char (an ESP32 prints the bytes). */
const SUFFIXES = ['\u2026', '\xE2\x80\xA6'];

function alreadyMasked(text: string, end: number): boolean {
  return SUFFIXES.some((suffix) => text.startsWith(suffix, end));
}

export function maskConsoleLine(line: string): string {
  const labelled = line.replace(LABELLED, (whole, label: string, separator: string, value: string, offset: number, text: string) => {
    if (alreadyMasked(text, offset + whole.length)) return whole;
    return label + separator + maskSecret(value);
  });
  return labelled.replace(LONG_RUN, (run: string, offset: number, text: string) =>
    alreadyMasked(text, offset + run.length) ? run : maskSecret(run),
  );
}

/** Masks every line of a text (line breaks kept). */
export function maskConsoleText(text: string): string {
  return text
    .split('\n')
    .map((line) => maskConsoleLine(line))
    .join('\n');
}
