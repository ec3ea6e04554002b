// Checking what devices send with the same src/auth functions devices sign with, fed node:crypto.

import { createHash } from 'node:crypto';
import {
  devicePassword,
  dynregSign,
  SIGN_METHODS,
  type HashHal,
  type SignMethod,
} from '../../src/auth/index';
import { sameText } from './secrets';

/** src/auth's hash HAL on the host: node:crypto digests. */
export const nodeHashHal: HashHal = {
  hash: {
    sha256: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
    sha1: (data) => new Uint8Array(createHash('sha1').update(data).digest()),
    md5: (data) => new Uint8Array(createHash('md5').update(data).digest()),
  },
};

/**
 * The sign method a device named, or null. HTTPS docs also spell MD5 `hmac_md5` (protocol.md §1: which token is
 * accepted is unconfirmed), so both spellings are taken.
 */
export function parseSignMethod(value: string | undefined): SignMethod | null {
  if (value === 'hmac_md5') return 'hmacmd5';
  for (const m of SIGN_METHODS) if (m === value) return m;
  return null;
}

/** Upper-cased hex compare in constant time: the cloud ignores hex case (§1, §3). */
function sameHex(expected: string, given: string): boolean {
  return sameText(expected.toUpperCase(), given.toUpperCase());
}

export interface DynregSignInput {
  productKey: string;
  deviceName: string;
  productSecret: string;
  random: string;
  signMethod: SignMethod;
  sign: string;
}

/** The §1/§2 sign: hex(HMAC(PS, "deviceName"+DN+"productKey"+PK+"random"+R)). */
export function verifyDynregSign(input: DynregSignInput): boolean {
  const expected = dynregSign(nodeHashHal, {
    productKey: input.productKey,
    deviceName: input.deviceName,
    productSecret: input.productSecret,
    random: input.random,
    signMethod: input.signMethod,
  });
  return expected.ok && sameHex(expected.value, input.sign);
}

export interface DevicePasswordInput {
  productKey: string;
  deviceName: string;
  deviceSecret: string;
  /** The clientId before its first '|', or null when the device signed without one. */
  clientIdBase: string | null;
  /** The timestamp the device sent (in the clientId or the form), or null: then the sign leaves it out. */
  timestamp: string | null;
  signMethod: SignMethod;
  password: string;
}

/** The §3 password / §4 sign: hex(HMAC(DS, "clientId"+id+"deviceName"+DN+"productKey"+PK+"timestamp"+ts)). */
export function verifyDevicePassword(input: DevicePasswordInput): boolean {
  const expected = devicePassword(nodeHashHal, {
    productKey: input.productKey,
    deviceName: input.deviceName,
    deviceSecret: input.deviceSecret,
    clientIdBase: input.clientIdBase,
    timestamp: input.timestamp,
    signMethod: input.signMethod,
  });
  return expected.ok && sameHex(expected.value, input.password);
}
