// Shape checks for every input of src/auth and of the link's configuration, as one table and one function: each
// check returns null when the value is fine, else an AuthError naming the field. Messages never quote a secret.
//
// Rules (protocol.md "Terms", §2, §3):
// - productKey: 1-20 chars of [A-Za-z0-9] (the cloud issues 11).
// - deviceName: 4-32 chars of [A-Za-z0-9-_.@:].
// - deviceSecret / productSecret: 1-64 printable ASCII chars without space (0x21-0x7E). The cloud issues 32 / 16
//   alphanumerics; the wider set keeps hand-made test secrets usable while still refusing whitespace and
//   control chars that would only come from a copy-paste slip.
// - random: 1-64 chars of [A-Za-z0-9] (every form the SDKs send: 15 alphanumerics, 8 hex, a decimal uint32).
// - clientId (the id before the first '|'): 1-64 printable ASCII chars without space or '|'.
// - instanceId: 1-64 chars of [A-Za-z0-9-] (it becomes a host name label).
// - host: 1-253 chars of [A-Za-z0-9.-]; port: integer 1-65535.
// - keepalive: integer seconds 30-1200; timestamp: 1-20 decimal digits.
// - iotId / iotToken / deviceToken (issued by the cloud): 1-256 printable ASCII chars without space.

import { authError, type AuthError, type AuthField } from './errors';
import { KEEPALIVE_MAX, KEEPALIVE_MIN } from './types';

/** Character classes of badChar. */
export const ALNUM = 0;
export const NAME_CHARS = 1;
export const PRINTABLE = 2;
export const CLIENT_ID_CHARS = 3;
export const INSTANCE_ID_CHARS = 4;
export const HOST_CHARS = 5;
export const DIGITS = 6;
/** A clientId parameter value: printable, not ',' or '|' (they delimit the parameters). */
export const PARAM_VALUE_CHARS = 7;
/** A clientId parameter name: [A-Za-z0-9_]. */
export const PARAM_KEY_CHARS = 8;

/** The classes for people, by class number. */
const CHARSETS = [
  'A-Z, a-z, 0-9',
  'A-Z, a-z, 0-9, - _ . @ :',
  'printable ASCII without spaces',
  "printable ASCII without spaces except '|'",
  'A-Z, a-z, 0-9, -',
  'A-Z, a-z, 0-9, . -',
  '0-9',
];

/**
 * Per rule: [min, max, class, secret] for a string (class < 10; secret 1: messages give positions, never the value
 * or the offending char), [min, max, INTEGER] for an integer range, [0, 0, POSITIVE] or [0, 0, NON_NEGATIVE] for a
 * finite number.
 */
const INTEGER = 10;
const POSITIVE = 11;
const NON_NEGATIVE = 12;
const RULES: { [rule: string]: number[] } = {
  productKey: [1, 20, ALNUM, 0],
  deviceName: [4, 32, NAME_CHARS, 0],
  deviceSecret: [1, 64, PRINTABLE, 1],
  productSecret: [1, 64, PRINTABLE, 1],
  iotId: [1, 256, PRINTABLE, 0],
  iotToken: [1, 256, PRINTABLE, 1],
  deviceToken: [1, 256, PRINTABLE, 1],
  random: [1, 64, ALNUM, 0],
  clientId: [1, 64, CLIENT_ID_CHARS, 0],
  instanceId: [1, 64, INSTANCE_ID_CHARS, 0],
  host: [1, 253, HOST_CHARS, 0],
  timestamp: [1, 20, DIGITS, 0],
  keepalive: [KEEPALIVE_MIN, KEEPALIVE_MAX, INTEGER],
  port: [1, 65535, INTEGER],
  byte: [0, 255, INTEGER],
  ms: [0, 9007199254740991, INTEGER],
  positive: [0, 0, POSITIVE],
  nonNegative: [0, 0, NON_NEGATIVE],
};

/** Index of the first char of `text` outside the class (ALNUM … PARAM_KEY_CHARS), or -1. */
export function badChar(text: string, cls: number): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    const printable = c > 32 && c < 127;
    let ok: boolean;
    if (cls === ALNUM) ok = alnum;
    else if (cls === NAME_CHARS) ok = alnum || c === 45 || c === 46 || c === 58 || c === 64 || c === 95; // - . : @ _
    else if (cls === PRINTABLE) ok = printable;
    else if (cls === CLIENT_ID_CHARS) ok = printable && c !== 124; // '|'
    else if (cls === INSTANCE_ID_CHARS) ok = alnum || c === 45;
    else if (cls === HOST_CHARS) ok = alnum || c === 45 || c === 46;
    else if (cls === DIGITS) ok = c >= 48 && c <= 57;
    else if (cls === PARAM_VALUE_CHARS) ok = printable && c !== 44 && c !== 124;
    else ok = alnum || c === 95;
    if (!ok) return i;
  }
  return -1;
}

/**
 * Checks `value` for `field` by `rule`: a name of RULES (default: the field's own name), or the list of allowed
 * values (compared with ===). A missing value (undefined, null, '') is MISSING_FIELD; a value outside a list is
 * UNSUPPORTED_VALUE; any other misfit is INVALID_FIELD. The message starts with the field.
 */
export function check(field: string, value: unknown, rule?: string | readonly unknown[]): AuthError | null {
  const f = field as AuthField;
  const r = rule === undefined ? RULES[field]! : typeof rule === 'string' ? RULES[rule]! : null;
  const kind = r === null ? -1 : r[2]!;
  if (value === undefined || value === null || (value === '' && kind < INTEGER)) {
    return authError('MISSING_FIELD', f, field + ' is required');
  }
  if (r === null) {
    const list = rule as unknown[];
    for (let i = 0; i < list.length; i++) if (list[i] === value) return null;
    return authError('UNSUPPORTED_VALUE', f, field + ' must be one of ' + list.join(', ') + ' (got ' + String(value) + ')');
  }
  const min = r[0]!;
  const max = r[1]!;
  if (kind >= INTEGER) {
    const n = value as number;
    const finite = typeof value === 'number' && isFinite(n);
    if (kind === POSITIVE) return finite && n > 0 ? null : authError('INVALID_FIELD', f, field + ' must be a positive number');
    if (kind === NON_NEGATIVE) return finite && n >= 0 ? null : authError('INVALID_FIELD', f, field + ' must be zero or more');
    if (finite && Math.floor(n) === n && n >= min && n <= max) return null;
    const unit = field === 'keepalive' ? ' seconds' : '';
    return authError('INVALID_FIELD', f, field + ' must be an integer from ' + min + ' to ' + max + unit + ' (got ' + String(value) + ')');
  }
  if (typeof value !== 'string') return authError('INVALID_FIELD', f, field + ' must be a string');
  const charset = CHARSETS[kind]!;
  if (value.length < min || value.length > max) {
    const range = min === max ? '' + min : min + '-' + max;
    return authError('INVALID_FIELD', f, field + ' must be ' + range + ' characters of ' + charset + ' (got ' + value.length + ')');
  }
  const bad = badChar(value, kind);
  if (bad < 0) return null;
  const what = r[3] ? 'character ' + (bad + 1) : "'" + value.charAt(bad) + "' (character " + (bad + 1) + ')';
  return authError('INVALID_FIELD', f, field + ' must use only ' + charset + '; ' + what + ' is not allowed');
}
