// What the credential store keeps, and its body text inside a record (format tag C1):
//   deviceSecret (dynamic registration, HTTPS or MQTT register):  S + fields [productKey, deviceName, deviceSecret]
//   deviceToken  (MQTT regnwl, logged in with connwl):            T + fields [productKey, deviceName, clientId, deviceToken]
//   iotToken     (HTTPS authentication cache):                   I + fields [productKey, deviceName, iotId, iotToken,
//                                                                           host, port, expiresAtWall or '']
// Every value is checked on the way in and on the way out with the same rules src/auth applies.

import {
  checkClientIdBase,
  checkDeviceName,
  checkHost,
  checkIssuedToken,
  checkPort,
  checkProductKey,
  checkSecret,
  firstError,
} from '../../auth/validate';
import type { AuthError } from '../../auth/errors';
import { isCanonicalDecimal } from '../../util/text';
import { decodeFields, encodeFields } from './fields';

export const CREDENTIAL_TAG = 'C1';

export interface StoredDeviceSecret {
  kind: 'deviceSecret';
  productKey: string;
  deviceName: string;
  deviceSecret: string;
}

export interface StoredDeviceToken {
  kind: 'deviceToken';
  productKey: string;
  deviceName: string;
  clientId: string;
  deviceToken: string;
}

export interface StoredIotToken {
  kind: 'iotToken';
  productKey: string;
  deviceName: string;
  iotId: string;
  iotToken: string;
  host: string;
  port: number;
  /** Wall-clock expiry (ms since 1970) when it was known; the monotonic obtain time does not survive a reboot. */
  expiresAtWall?: number;
}

export type StoredCredential = StoredDeviceSecret | StoredDeviceToken | StoredIotToken;

/** Why the credential cannot be stored (a field fails its check), or null. Messages never quote a secret. */
export function checkCredential(c: StoredCredential): string | null {
  const identity = firstError([checkProductKey(c.productKey), checkDeviceName(c.deviceName)]);
  if (identity !== null) return identity.message;
  let error: AuthError | null = null;
  if (c.kind === 'deviceSecret') error = checkSecret('deviceSecret', c.deviceSecret);
  else if (c.kind === 'deviceToken') error = firstError([checkClientIdBase(c.clientId), checkIssuedToken('deviceToken', c.deviceToken)]);
  else if (c.kind === 'iotToken') {
    error = firstError([checkIssuedToken('iotId', c.iotId), checkIssuedToken('iotToken', c.iotToken), checkHost(c.host), checkPort(c.port)]);
    if (error === null && c.expiresAtWall !== undefined && !(c.expiresAtWall >= 0 && Math.floor(c.expiresAtWall) === c.expiresAtWall)) {
      return 'expiresAtWall must be a whole number of milliseconds since 1970';
    }
  } else return 'unknown credential kind';
  return error === null ? null : error.message;
}

/** The body text of a (checked) credential. */
export function encodeCredential(c: StoredCredential): string {
  if (c.kind === 'deviceSecret') return 'S' + encodeFields([c.productKey, c.deviceName, c.deviceSecret]);
  if (c.kind === 'deviceToken') return 'T' + encodeFields([c.productKey, c.deviceName, c.clientId, c.deviceToken]);
  const expiry = c.expiresAtWall === undefined ? '' : String(c.expiresAtWall);
  return 'I' + encodeFields([c.productKey, c.deviceName, c.iotId, c.iotToken, c.host, String(c.port), expiry]);
}

function decodeIotToken(f: string[]): StoredIotToken | null {
  if (!isCanonicalDecimal(f[5], 5) || (f[6] !== '' && !isCanonicalDecimal(f[6], 16))) return null;
  const token: StoredIotToken = { kind: 'iotToken', productKey: f[0], deviceName: f[1], iotId: f[2], iotToken: f[3], host: f[4], port: parseInt(f[5], 10) };
  if (f[6] !== '') token.expiresAtWall = parseInt(f[6], 10);
  return token;
}

/** The credential in a body text, or null when the text is not a valid one. */
export function decodeCredential(body: string): StoredCredential | null {
  const kind = body.charAt(0);
  const rest = body.substring(1);
  let c: StoredCredential | null = null;
  if (kind === 'S') {
    const f = decodeFields(rest, 3);
    if (f !== null) c = { kind: 'deviceSecret', productKey: f[0], deviceName: f[1], deviceSecret: f[2] };
  } else if (kind === 'T') {
    const f = decodeFields(rest, 4);
    if (f !== null) c = { kind: 'deviceToken', productKey: f[0], deviceName: f[1], clientId: f[2], deviceToken: f[3] };
  } else if (kind === 'I') {
    const f = decodeFields(rest, 7);
    if (f !== null) c = decodeIotToken(f);
  }
  return c !== null && checkCredential(c) === null ? c : null;
}

/** The credential's secret part, for masked logs. */
export function secretOf(c: StoredCredential): string {
  return c.kind === 'deviceSecret' ? c.deviceSecret : c.kind === 'deviceToken' ? c.deviceToken : c.iotToken;
}
