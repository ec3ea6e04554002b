// The Alibaba clientId grammar (protocol.md §2, §3): `<id>|k=v,k=v,...|`.
// <id>: 1-64 printable ASCII chars without space or '|'. Parameters: names of [A-Za-z0-9_], values without
// ',' or '|', each name at most once, in any order.

import { check, badChar, PARAM_KEY_CHARS, PARAM_VALUE_CHARS } from '../../../src/auth/index';

export interface ParsedClientId {
  /** The id before the first '|'. */
  base: string;
  params: Map<string, string>;
}

export type ClientIdResult = { ok: true; value: ParsedClientId } | { ok: false; reason: string };

/** Longest clientId taken as a whole (the id is at most 64; the parameters of 4.x add ~100). */
export const CLIENT_ID_MAX_LENGTH = 512;

export function parseClientId(clientId: string): ClientIdResult {
  if (clientId.length > CLIENT_ID_MAX_LENGTH) return { ok: false, reason: 'clientId is too long' };
  const open = clientId.indexOf('|');
  if (open < 0) return { ok: false, reason: "clientId has no '|k=v,...|' parameters" };
  if (clientId.charAt(clientId.length - 1) !== '|' || clientId.length - 1 === open) {
    return { ok: false, reason: "clientId parameters must end with '|'" };
  }
  const base = clientId.slice(0, open);
  const baseError = check('clientId', base);
  if (baseError) return { ok: false, reason: baseError.message };
  const inner = clientId.slice(open + 1, -1);
  const params = new Map<string, string>();
  if (inner.length === 0) return { ok: true, value: { base, params } };
  for (const part of inner.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, reason: `clientId parameter '${part}' is not k=v` };
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (badChar(key, PARAM_KEY_CHARS) >= 0) return { ok: false, reason: `clientId parameter name '${key}' is malformed` };
    if (badChar(value, PARAM_VALUE_CHARS) >= 0) return { ok: false, reason: `clientId parameter ${key} has a malformed value` };
    if (params.has(key)) return { ok: false, reason: `clientId parameter ${key} is given twice` };
    params.set(key, value);
  }
  return { ok: true, value: { base, params } };
}

/** The securemode parameter as an integer, or null when absent or not an integer. */
export function secureModeOf(params: Map<string, string>): number | null {
  const text = params.get('securemode');
  if (text === undefined || !/^-?\d{1,3}$/.test(text)) return null;
  return Number(text);
}

/** `DN&PK` → its parts, or null. */
export function parseUsername(username: string | undefined): { deviceName: string; productKey: string } | null {
  if (username === undefined) return null;
  const amp = username.indexOf('&');
  if (amp <= 0 || amp !== username.lastIndexOf('&')) return null;
  return { deviceName: username.slice(0, amp), productKey: username.slice(amp + 1) };
}
