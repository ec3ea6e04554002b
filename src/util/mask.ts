// Secrets never leave the device in full: logs and tool output show only a prefix.

const ELLIPSIS = '\u2026';

/**
 * The ellipsis appended to a masked secret: '…' where strings are Unicode (Node, the simulator); its UTF-8
 * bytes as an 8-bit string on Espruino/ESP32 (no Unicode strings), so it still prints as '…' on a UTF-8 terminal.
 */
export const MASK_SUFFIX = ELLIPSIS.length === 1 && ELLIPSIS.charCodeAt(0) === 0x2026 ? ELLIPSIS : '\xE2\x80\xA6';

/**
 * A secret shown as its first 4 chars + '…'. Short secrets show at most half of their chars, so a mask never
 * reveals a whole secret; an empty or missing secret is shown as '…' alone.
 */
export function maskSecret(secret: string | undefined | null): string {
  if (typeof secret !== 'string' || secret.length === 0) return MASK_SUFFIX;
  const shown = Math.min(4, Math.floor(secret.length / 2));
  return secret.substring(0, shown) + MASK_SUFFIX;
}
