// Shape checks for every input of src/auth. Each returns null when the value is fine, else an AuthError
// naming the field. Messages never quote a secret.
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
import { isAlnumCode } from '../util/text';

export const PRODUCT_KEY_MAX = 20;
export const DEVICE_NAME_MIN = 4;
export const DEVICE_NAME_MAX = 32;
export const SECRET_MAX = 64;
export const RANDOM_MAX = 64;
export const CLIENT_ID_MAX = 64;
export const INSTANCE_ID_MAX = 64;
export const HOST_MAX = 253;
export const TOKEN_MAX = 256;
export const TIMESTAMP_MAX_DIGITS = 20;

type CharTest = (c: number) => boolean;

interface StringRule {
  min: number;
  max: number;
  allowed: CharTest;
  /** The allowed chars, for people. */
  charset: string;
  /** When true, messages give positions but never the value or the offending char. */
  secret: boolean;
}

const ALNUM = 'A-Z, a-z, 0-9';
const PRINTABLE = 'printable ASCII without spaces';


export function isDeviceNameChar(c: number): boolean {
  // - . : @ _
  return isAlnumCode(c) || c === 45 || c === 46 || c === 58 || c === 64 || c === 95;
}

export function isPrintableNoSpace(c: number): boolean {
  return c > 32 && c < 127;
}

function isClientIdChar(c: number): boolean {
  return isPrintableNoSpace(c) && c !== 124; // '|'
}

/** Allowed in a clientId parameter value: not ',' or '|', which delimit the parameters. */
export function isParamValueChar(c: number): boolean {
  return isPrintableNoSpace(c) && c !== 44 && c !== 124;
}

/** Allowed in a clientId parameter name. */
export function isParamKeyChar(c: number): boolean {
  return isAlnumCode(c) || c === 95; // '_'
}

function isHostChar(c: number): boolean {
  return isAlnumCode(c) || c === 45 || c === 46;
}

function isInstanceIdChar(c: number): boolean {
  return isAlnumCode(c) || c === 45;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Index of the first char failing the test, or -1. */
export function firstBadChar(text: string, allowed: CharTest): number {
  for (let i = 0; i < text.length; i++) if (!allowed(text.charCodeAt(i))) return i;
  return -1;
}

/** The generic string check behind the named ones. */
export function checkString(field: AuthField, value: unknown, rule: StringRule): AuthError | null {
  if (value === undefined || value === null || value === '') {
    return authError('MISSING_FIELD', field, field + ' is required');
  }
  if (typeof value !== 'string') return authError('INVALID_FIELD', field, field + ' must be a string');
  if (value.length < rule.min || value.length > rule.max) {
    const range = rule.min === rule.max ? '' + rule.min : rule.min + '-' + rule.max;
    return authError(
      'INVALID_FIELD',
      field,
      field + ' must be ' + range + ' characters of ' + rule.charset + ' (got ' + value.length + ')',
    );
  }
  const bad = firstBadChar(value, rule.allowed);
  if (bad >= 0) {
    const what = rule.secret ? 'character ' + (bad + 1) : "'" + value.charAt(bad) + "' (character " + (bad + 1) + ')';
    return authError('INVALID_FIELD', field, field + ' must use only ' + rule.charset + '; ' + what + ' is not allowed');
  }
  return null;
}

export function checkProductKey(value: unknown): AuthError | null {
  return checkString('productKey', value, { min: 1, max: PRODUCT_KEY_MAX, allowed: isAlnumCode, charset: ALNUM, secret: false });
}

export function checkDeviceName(value: unknown): AuthError | null {
  return checkString('deviceName', value, {
    min: DEVICE_NAME_MIN,
    max: DEVICE_NAME_MAX,
    allowed: isDeviceNameChar,
    charset: ALNUM + ', - _ . @ :',
    secret: false,
  });
}

export function checkSecret(field: 'deviceSecret' | 'productSecret', value: unknown): AuthError | null {
  return checkString(field, value, { min: 1, max: SECRET_MAX, allowed: isPrintableNoSpace, charset: PRINTABLE, secret: true });
}

/** iotId, iotToken, deviceToken: values the cloud issued. */
export function checkIssuedToken(field: 'iotId' | 'iotToken' | 'deviceToken', value: unknown): AuthError | null {
  const secret = field !== 'iotId';
  return checkString(field, value, { min: 1, max: TOKEN_MAX, allowed: isPrintableNoSpace, charset: PRINTABLE, secret: secret });
}

export function checkRandom(value: unknown): AuthError | null {
  return checkString('random', value, { min: 1, max: RANDOM_MAX, allowed: isAlnumCode, charset: ALNUM, secret: false });
}

/** The id part of a clientId (before the first '|'). */
export function checkClientIdBase(value: unknown): AuthError | null {
  return checkString('clientId', value, {
    min: 1,
    max: CLIENT_ID_MAX,
    allowed: isClientIdChar,
    charset: PRINTABLE + " except '|'",
    secret: false,
  });
}

export function checkInstanceId(value: unknown): AuthError | null {
  return checkString('instanceId', value, { min: 1, max: INSTANCE_ID_MAX, allowed: isInstanceIdChar, charset: ALNUM + ', -', secret: false });
}

export function checkHost(value: unknown): AuthError | null {
  return checkString('host', value, { min: 1, max: HOST_MAX, allowed: isHostChar, charset: ALNUM + ', . -', secret: false });
}

export function checkTimestampText(value: unknown): AuthError | null {
  return checkString('timestamp', value, { min: 1, max: TIMESTAMP_MAX_DIGITS, allowed: isDigit, charset: '0-9', secret: false });
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && isFinite(value) && Math.floor(value) === value;
}

/** An integer in [min, max]; `unit` is appended to the message (e.g. ' seconds'). */
export function checkIntegerRange(field: AuthField, value: unknown, min: number, max: number, unit: string): AuthError | null {
  if (value === undefined || value === null) return authError('MISSING_FIELD', field, field + ' is required');
  if (!isInteger(value) || value < min || value > max) {
    return authError('INVALID_FIELD', field, field + ' must be an integer from ' + min + ' to ' + max + unit + ' (got ' + String(value) + ')');
  }
  return null;
}

export function checkKeepalive(value: unknown): AuthError | null {
  return checkIntegerRange('keepalive', value, KEEPALIVE_MIN, KEEPALIVE_MAX, ' seconds');
}

export function checkPort(value: unknown): AuthError | null {
  return checkIntegerRange('port', value, 1, 65535, '');
}

/** One of a fixed list of values (compared with ===). */
export function checkOneOf<T>(field: AuthField, value: unknown, allowed: T[]): AuthError | null {
  if (value === undefined || value === null || value === '') return authError('MISSING_FIELD', field, field + ' is required');
  for (let i = 0; i < allowed.length; i++) if (allowed[i] === value) return null;
  return authError('UNSUPPORTED_VALUE', field, field + ' must be one of ' + allowed.join(', ') + ' (got ' + String(value) + ')');
}

/** The first non-null error of a list of checks, or null. */
export function firstError(errors: (AuthError | null)[]): AuthError | null {
  for (let i = 0; i < errors.length; i++) if (errors[i]) return errors[i];
  return null;
}
