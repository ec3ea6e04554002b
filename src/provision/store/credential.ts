// What the credential store keeps, and its body text inside a record (format tag C1):
//   deviceSecret (dynamic registration, HTTPS or MQTT register):  S + fields [productKey, deviceName, deviceSecret]
//   deviceToken  (MQTT regnwl, logged in with connwl):            T + fields [productKey, deviceName, clientId, deviceToken]
//   iotToken     (HTTPS authentication cache):                   I + fields [productKey, deviceName, iotId, iotToken,
//                                                                           host, port, expiresAtWall or '']
// Every value is checked on the way in and on the way out with the same rules src/auth applies. The iotToken
// kind exists only in images with HTTPS authentication (ALIOT_AUTH_HTTPS), the only code that stores one.

import { check } from '../../auth/validate';
import { isCanonicalDecimal } from '../../util/text';
import { decodeFields, encodeFields } from './fields';
import '../../features';

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
  let error = check('productKey', c.productKey) || check('deviceName', c.deviceName);
  if (error === null) {
    if (c.kind === 'deviceSecret') error = check('deviceSecret', c.deviceSecret);
    else if (c.kind === 'deviceToken') error = check('clientId', c.clientId) || check('deviceToken', c.deviceToken);
    else if (ALIOT_AUTH_HTTPS && c.kind === 'iotToken') {
      // Only HTTPS authentication keeps an iotToken (in its own 'iot' store): an image without it has no such kind.
      error =
        check('iotId', c.iotId) ||
        check('iotToken', c.iotToken) ||
        check('host', c.host) ||
        check('port', c.port);
      if (error === null && c.expiresAtWall !== undefined && !(c.expiresAtWall >= 0 && Math.floor(c.expiresAtWall) === c.expiresAtWall)) {
        return 'expiresAtWall must be whole ms since 1970';
      }
    } else return 'unknown credential kind';
  }
  return error === null ? null : error.message;
}

/** The body text of a (checked) credential. */
export function encodeCredential(c: StoredCredential): string {
  if (c.kind === 'deviceSecret') return 'S' + encodeFields([c.productKey, c.deviceName, c.deviceSecret]);
  if (ALIOT_AUTH_HTTPS && c.kind === 'iotToken') {
    const expiry = c.expiresAtWall === undefined ? '' : String(c.expiresAtWall);
    return 'I' + encodeFields([c.productKey, c.deviceName, c.iotId, c.iotToken, c.host, String(c.port), expiry]);
  }
  const t = c as StoredDeviceToken; // checkCredential admits no other kind
  return 'T' + encodeFields([t.productKey, t.deviceName, t.clientId, t.deviceToken]);
}

/** The credential in a body text, or null when the text is not a valid one. */
export function decodeCredential(body: string): StoredCredential | null {
  const kind = body.charAt(0);
  const f = decodeFields(body.substring(1), kind === 'S' ? 3 : kind === 'T' ? 4 : 7);
  let c: StoredCredential | null = null;
  if (f === null) return null;
  if (kind === 'S') c = { kind: 'deviceSecret', productKey: f[0], deviceName: f[1], deviceSecret: f[2] };
  else if (kind === 'T') c = { kind: 'deviceToken', productKey: f[0], deviceName: f[1], clientId: f[2], deviceToken: f[3] };
  else if (ALIOT_AUTH_HTTPS && kind === 'I' && isCanonicalDecimal(f[5], 5) && (f[6] === '' || isCanonicalDecimal(f[6], 16))) {
    const token: StoredIotToken = { kind: 'iotToken', productKey: f[0], deviceName: f[1], iotId: f[2], iotToken: f[3], host: f[4], port: parseInt(f[5], 10) };
    if (f[6] !== '') token.expiresAtWall = parseInt(f[6], 10);
    c = token;
  }
  return c !== null && checkCredential(c) === null ? c : null;
}

/** The credential's secret part, for masked logs. */
export function secretOf(c: StoredCredential): string {
  return c.kind === 'deviceSecret' ? c.deviceSecret : c.kind === 'deviceToken' ? c.deviceToken : c.iotToken;
}
