// The two signatures of protocol.md: the dynamic-registration sign (§1, §2) and the device password (§3, §4).
// Both are hex(HMAC_method(secret, parameters sorted by name, names and values concatenated)).

import { hashFor, type HashName } from '../crypto/hasher';
import type { HexCase } from '../crypto/hex';
import { hmacHex } from '../crypto/hmac';
import { authError, authFail, authOk, type AuthError, type AuthResult } from './errors';
import { FIXED_TIMESTAMP, type HashHal } from './types';
import { check } from './validate';

export type SignMethod = 'hmacsha256' | 'hmacsha1' | 'hmacmd5';

/** The sign methods the cloud accepts, recommended first. */
export const SIGN_METHODS: SignMethod[] = ['hmacsha256', 'hmacsha1', 'hmacmd5'];

export const DEFAULT_SIGN_METHOD: SignMethod = 'hmacsha256';

/** Upper case, as SDKs 3.x/4.x send; the cloud accepts either case. */
export const DEFAULT_HEX_CASE: HexCase = 'upper';

export const HEX_CASES: HexCase[] = ['upper', 'lower'];

export function hashNameOf(method: SignMethod): HashName {
  if (method === 'hmacsha1') return 'sha1';
  if (method === 'hmacmd5') return 'md5';
  return 'sha256';
}

/** hex(HMAC(secret, content)) with the board's native hash when it has one. Inputs are not checked here. */
export function signHex(hal: HashHal, method: SignMethod, secret: string, content: string, hexCase: HexCase): string {
  return hmacHex(hashFor(hal.hash, hashNameOf(method)), secret, content, hexCase);
}

/** "deviceName"+DN+"productKey"+PK+"random"+R (protocol.md §1). */
export function dynregSignContent(productKey: string, deviceName: string, random: string): string {
  return 'deviceName' + deviceName + 'productKey' + productKey + 'random' + random;
}

/**
 * "clientId"+id+"deviceName"+DN+"productKey"+PK+"timestamp"+ts (protocol.md §3). A null id or timestamp is left
 * out, as the cloud expects when the clientId carries no timestamp.
 */
export function deviceSignContent(
  clientIdBase: string | null,
  deviceName: string,
  productKey: string,
  timestamp: string | null,
): string {
  const id = clientIdBase === null ? '' : 'clientId' + clientIdBase;
  const ts = timestamp === null ? '' : 'timestamp' + timestamp;
  return id + 'deviceName' + deviceName + 'productKey' + productKey + ts;
}

/**
 * The timestamp to sign and send: undefined → the fixed 2524608000000; null or false → none (left out of the
 * clientId and the sign); a string of 1-20 digits or a non-negative integer → that value.
 */
export function resolveTimestamp(value: string | number | null | false | undefined): AuthResult<string | null> {
  if (value === undefined) return authOk<string | null>(FIXED_TIMESTAMP);
  if (value === null || value === false) return authOk<string | null>(null);
  if (typeof value === 'number') {
    if (check('timestamp', value, 'ms') !== null) {
      return authFail(authError('INVALID_FIELD', 'timestamp', 'timestamp must be a non-negative integer of milliseconds'));
    }
    return authOk<string | null>(String(value));
  }
  const error = check('timestamp', value);
  return error ? authFail(error) : authOk<string | null>(value);
}

export interface DynregSignOptions {
  productKey: string;
  deviceName: string;
  productSecret: string;
  random: string;
  /** Default hmacsha256 (what the SDKs send). */
  signMethod?: SignMethod;
  /** Default upper. */
  hexCase?: HexCase;
}

/** The dynamic-registration sign: HTTPS `sign` (§1) and MQTT-dynreg password (§2). */
export function dynregSign(hal: HashHal, options: DynregSignOptions): AuthResult<string> {
  const method = options.signMethod === undefined ? DEFAULT_SIGN_METHOD : options.signMethod;
  const hexCase = options.hexCase === undefined ? DEFAULT_HEX_CASE : options.hexCase;
  const error =
    check('productKey', options.productKey) ||
    check('deviceName', options.deviceName) ||
    check('productSecret', options.productSecret) ||
    check('random', options.random) ||
    check('signMethod', method, SIGN_METHODS) ||
    check('hexCase', hexCase, HEX_CASES);
  if (error) return authFail(error);
  const content = dynregSignContent(options.productKey, options.deviceName, options.random);
  return authOk(signHex(hal, method, options.productSecret, content, hexCase));
}

export interface DevicePasswordOptions {
  productKey: string;
  deviceName: string;
  deviceSecret: string;
  /** The clientId up to its first '|'. Default `${productKey}.${deviceName}`; null signs without a clientId. */
  clientIdBase?: string | null;
  /** See resolveTimestamp. Default 2524608000000. */
  timestamp?: string | number | null | false;
  /** Default hmacsha256. */
  signMethod?: SignMethod;
  /** Default upper. */
  hexCase?: HexCase;
}

/** The MQTT password of securemode 2/3 (§3), also the `sign` of HTTPS authentication (§4). */
export function devicePassword(hal: HashHal, options: DevicePasswordOptions): AuthResult<string> {
  const method = options.signMethod === undefined ? DEFAULT_SIGN_METHOD : options.signMethod;
  const hexCase = options.hexCase === undefined ? DEFAULT_HEX_CASE : options.hexCase;
  const base = options.clientIdBase === undefined ? options.productKey + '.' + options.deviceName : options.clientIdBase;
  const timestamp = resolveTimestamp(options.timestamp);
  const error =
    check('productKey', options.productKey) ||
    check('deviceName', options.deviceName) ||
    check('deviceSecret', options.deviceSecret) ||
    (base === null ? null : check('clientId', base)) ||
    (timestamp.ok ? null : timestamp.error) ||
    check('signMethod', method, SIGN_METHODS) ||
    check('hexCase', hexCase, HEX_CASES);
  if (error || !timestamp.ok) return authFail(error as AuthError);
  const content = deviceSignContent(base, options.deviceName, options.productKey, timestamp.value);
  return authOk(signHex(hal, method, options.deviceSecret, content, hexCase));
}
