// What the MQTT registration server says (protocol.md §2): CONNACK codes, and the PUBLISH it sends without any
// SUBSCRIBE — /ext/register {"productKey","deviceName","deviceSecret"} or
// /ext/regnwl {"productKey","deviceName","clientId","deviceToken"}.

import type { DynregAuthType } from '../auth/dynreg-mqtt';
import { check } from '../auth/validate';
import { bytesToBinaryString } from '../util/bytes';
import { cloudCodeOf, parseJsonObject, type JsonObject } from './cloud-reply';
import { echoMismatch } from './dynreg-https';
import { cloudCodeError, provisionError, type ProvisionError } from './errors';
import type { StoredDeviceSecret, StoredDeviceToken } from './store/credential';

export const REGISTER_TOPIC = '/ext/register';
export const REGNWL_TOPIC = '/ext/regnwl';



/**
 * What registration over MQTT yields, as the credential store keeps it: a DeviceSecret (authType register), or a
 * registration-free device's clientId and deviceToken (authType regnwl), to log in with connwl (see connwl.ts).
 */
export type DynregMqttValue = StoredDeviceSecret | StoredDeviceToken;

export type DynregMqttResult = { ok: true; value: DynregMqttValue } | { ok: false; error: ProvisionError };

export function replyTopic(authType: DynregAuthType): string {
  return authType === 'regnwl' ? REGNWL_TOPIC : REGISTER_TOPIC;
}

/** A refused CONNACK (return code 1-5) as a provisioning error (§2: 2 bad params or TCP, 3 retry, 4 auth). */
export function connackError(code: number): ProvisionError {
  let e: ProvisionError;
  if (code === 2) e = provisionError('INVALID_PARAMS', false, 'CONNACK 2: a registration parameter is wrong or missing, or the connection is not TLS: check the clientId fields and use TLS');
  else if (code === 3) e = provisionError('SERVER_ERROR', true, 'CONNACK 3: the server is unavailable: retry later');
  else if (code === 4) e = provisionError('AUTH_FAILED', false, 'CONNACK 4: the signature did not verify: check ProductKey, DeviceName and ProductSecret');
  else if (code === 5) e = provisionError('AUTH_FAILED', false, 'CONNACK 5: not authorized: check that dynamic registration is enabled for the product');
  else e = provisionError('REJECTED', false, 'CONNACK ' + code + ': the server refused the connection');
  e.connackCode = code;
  return e;
}

function badReply(what: string): DynregMqttResult {
  return { ok: false, error: provisionError('BAD_RESPONSE', true, 'the registration reply ' + what) };
}

function registerValue(json: JsonObject, productKey: string, deviceName: string): DynregMqttResult {
  const secret = json.deviceSecret;
  if (typeof secret !== 'string' || check('deviceSecret', secret) !== null) return badReply('has no plausible deviceSecret');
  return { ok: true, value: { kind: 'deviceSecret', productKey: productKey, deviceName: deviceName, deviceSecret: secret } };
}

function regnwlValue(json: JsonObject, productKey: string, deviceName: string): DynregMqttResult {
  const clientId = json.clientId;
  const token = json.deviceToken;
  if (typeof clientId !== 'string' || check('clientId', clientId) !== null) return badReply('has no plausible clientId');
  if (typeof token !== 'string' || check('deviceToken', token) !== null) return badReply('has no plausible deviceToken');
  return {
    ok: true,
    value: { kind: 'deviceToken', productKey: productKey, deviceName: deviceName, clientId: clientId, deviceToken: token },
  };
}

/** Reads the payload published on the reply topic of `authType`. */
export function readRegistrationPayload(
  payload: Uint8Array,
  authType: DynregAuthType,
  productKey: string,
  deviceName: string,
): DynregMqttResult {
  const json = parseJsonObject(bytesToBinaryString(payload));
  if (json === null) return badReply('is not a JSON object');
  const code = cloudCodeOf(json);
  if (code !== null && code !== 200 && json.deviceSecret === undefined && json.deviceToken === undefined) {
    return { ok: false, error: cloudCodeError(code, typeof json.message === 'string' ? json.message : undefined) };
  }
  const mismatch = echoMismatch(json, productKey, deviceName);
  if (mismatch !== null) return badReply('names a different ' + mismatch + ' from the one registered');
  return authType === 'regnwl' ? regnwlValue(json, productKey, deviceName) : registerValue(json, productKey, deviceName);
}
