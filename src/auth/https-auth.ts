// HTTPS authentication, the SDK's "guider" mode (protocol.md §4): POST /auth/devicename signed with the
// DeviceSecret returns iotId, iotToken and the MQTT host and port; MQTT then logs in with securemode -1 (TLS)
// or 0 (TCP), username iotId and password iotToken.

import type { HexCase } from '../crypto/hex';
import { authError, authFail, authOk, type AuthResult } from './errors';
import { buildClientId, defaultClientIdBase, type ClientIdExtensions, type ClientIdStyle } from './client-id';
import { resolveHttpsEndpoint, type HttpsEndpointOptions } from './endpoints';
import { formBody } from './form';
import { DEFAULT_SIGN_METHOD, devicePassword, resolveTimestamp, type SignMethod } from './sign';
import { DEFAULT_KEEPALIVE, type HashHal, type HttpsRequest, type MqttCredentials } from './types';
import { check } from './validate';

export const HTTPS_AUTH_PATH = '/auth/devicename';
export const HTTPS_AUTH_CONTENT_TYPE = 'application/x-www-form-urlencoded;charset=utf-8';

export interface HttpsAuthRequestOptions {
  productKey: string;
  deviceName: string;
  deviceSecret: string;
  /** Default hmacsha256 (3.0.1); 2.x sent hmacsha1. */
  signMethod?: SignMethod;
  /** Default 2524608000000; null or false leaves it out of body and sign. */
  timestamp?: string | number | null | false;
  /** The body's clientId. Default from clientIdStyle ('pk.dn'). */
  clientIdBase?: string;
  clientIdStyle?: ClientIdStyle;
  /** Default upper. */
  hexCase?: HexCase;
  endpoint?: HttpsEndpointOptions;
}

export interface HttpsAuthRequest {
  request: HttpsRequest;
  sign: string;
}

/** The signed /auth/devicename request. */
export function httpsAuthRequest(hal: HashHal, options: HttpsAuthRequestOptions): AuthResult<HttpsAuthRequest> {
  const o = options;
  const method = o.signMethod === undefined ? DEFAULT_SIGN_METHOD : o.signMethod;
  const base = o.clientIdBase === undefined ? defaultClientIdBase(o.productKey, o.deviceName, o.clientIdStyle) : o.clientIdBase;
  const sign = devicePassword(hal, {
    productKey: o.productKey,
    deviceName: o.deviceName,
    deviceSecret: o.deviceSecret,
    clientIdBase: base,
    timestamp: o.timestamp,
    signMethod: method,
    hexCase: o.hexCase,
  });
  if (!sign.ok) return sign;
  const endpoint = resolveHttpsEndpoint(o.endpoint);
  if (!endpoint.ok) return endpoint;
  const timestamp = resolveTimestamp(o.timestamp);
  const fields: [string, string][] = [
    ['productKey', o.productKey],
    ['deviceName', o.deviceName],
    ['signmethod', method],
    ['sign', sign.value],
    ['version', 'default'],
    ['clientId', base],
  ];
  if (timestamp.ok && timestamp.value !== null) fields.push(['timestamp', timestamp.value]);
  fields.push(['resources', 'mqtt']);
  return authOk({
    request: {
      method: 'POST',
      host: endpoint.value.host,
      port: endpoint.value.port,
      path: HTTPS_AUTH_PATH,
      headers: [['Content-Type', HTTPS_AUTH_CONTENT_TYPE]],
      body: formBody(fields),
    },
    sign: sign.value,
  });
}

export interface HttpsAuthSessionOptions {
  productKey: string;
  deviceName: string;
  /** From the /auth/devicename reply. */
  iotId: string;
  iotToken: string;
  /** resources.mqtt.host and .port from the reply: connect where the cloud says. */
  host: string;
  port: number;
  /** true (default): TLS, securemode -1. false: plain TCP, securemode 0. */
  tls?: boolean;
  clientIdBase?: string;
  clientIdStyle?: ClientIdStyle;
  extensions?: ClientIdExtensions;
  keyOrder?: string[];
  /** Seconds, 30-1200; default 300. */
  keepalive?: number;
}

/** MQTT credentials after HTTPS authentication: clientId `${PK}.${DN}|securemode=-1|`, iotId / iotToken. */
export function httpsAuthSessionCredentials(options: HttpsAuthSessionOptions): AuthResult<MqttCredentials> {
  const o = options;
  const tls = o.tls === undefined ? true : o.tls;
  const keepalive = o.keepalive === undefined ? DEFAULT_KEEPALIVE : o.keepalive;
  const base = o.clientIdBase === undefined ? defaultClientIdBase(o.productKey, o.deviceName, o.clientIdStyle) : o.clientIdBase;
  const error =
    check('productKey', o.productKey) ||
    check('deviceName', o.deviceName) ||
    check('iotId', o.iotId) ||
    check('iotToken', o.iotToken) ||
    check('host', o.host) ||
    check('port', o.port) ||
    (typeof tls === 'boolean' ? null : authError('INVALID_FIELD', 'secureMode', 'tls must be true or false')) ||
    check('clientId', base) ||
    check('keepalive', keepalive);
  if (error) return authFail(error);
  const secureMode = tls ? -1 : 0;
  const clientId = buildClientId(base, [['securemode', String(secureMode)]], o.extensions, o.keyOrder);
  if (!clientId.ok) return clientId;
  return authOk({
    host: o.host,
    port: o.port,
    tls: tls,
    secureMode: secureMode,
    clientId: clientId.value,
    username: o.iotId,
    password: o.iotToken,
    keepalive: keepalive,
  });
}
