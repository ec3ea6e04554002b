// MQTT credentials from a DeviceSecret: securemode 2 (TLS direct) and 3 (TCP direct), protocol.md §3.
//   clientId = `${id}|securemode=2,signmethod=hmacsha256,timestamp=2524608000000|` (+ extensions)
//   username = `${DN}&${PK}`
//   password = hex(HMAC(DS, "clientId"+id+"deviceName"+DN+"productKey"+PK+"timestamp"+ts))

import type { HexCase } from '../crypto/hex';
import { authFail, authOk, type AuthResult } from './errors';
import { buildClientId, defaultClientIdBase, type ClientIdExtensions, type ClientIdParam, type ClientIdStyle } from './client-id';
import { resolveMqttEndpoint, type MqttEndpointOptions } from './endpoints';
import { DEFAULT_SIGN_METHOD, devicePassword, resolveTimestamp, type SignMethod } from './sign';
import { DEFAULT_KEEPALIVE, type HashHal, type MqttCredentials } from './types';
import { check } from './validate';

/** securemode 2: TLS, direct. securemode 3: plain TCP, direct. */
export const DEVICE_SECRET_MODES = [2, 3];

export interface DeviceSecretOptions {
  productKey: string;
  deviceName: string;
  deviceSecret: string;
  /** 2 (default: TLS) or 3 (plain TCP). */
  secureMode?: number;
  /** Default hmacsha256. */
  signMethod?: SignMethod;
  /** Default 2524608000000; null or false leaves it out of clientId and sign. A string of digits or an integer. */
  timestamp?: string | number | null | false;
  /** The id before the first '|'. Default from clientIdStyle. */
  clientIdBase?: string;
  /** Default 'pk.dn': `${PK}.${DN}`. */
  clientIdStyle?: ClientIdStyle;
  extensions?: ClientIdExtensions;
  /** Keys to write first, in this order (see client-id.ts presets). */
  keyOrder?: string[];
  endpoint?: MqttEndpointOptions;
  /** Seconds, 30-1200; default 300. */
  keepalive?: number;
  /** Password hex case; default upper. */
  hexCase?: HexCase;
}

/** Host, port, clientId, username and password for a device that holds its DeviceSecret. */
export function deviceSecretCredentials(hal: HashHal, options: DeviceSecretOptions): AuthResult<MqttCredentials> {
  const o = options;
  const secureMode = o.secureMode === undefined ? 2 : o.secureMode;
  const keepalive = o.keepalive === undefined ? DEFAULT_KEEPALIVE : o.keepalive;
  const method = o.signMethod === undefined ? DEFAULT_SIGN_METHOD : o.signMethod;
  const base = o.clientIdBase === undefined ? defaultClientIdBase(o.productKey, o.deviceName, o.clientIdStyle) : o.clientIdBase;
  const password = devicePassword(hal, {
    productKey: o.productKey,
    deviceName: o.deviceName,
    deviceSecret: o.deviceSecret,
    clientIdBase: base,
    timestamp: o.timestamp,
    signMethod: method,
    hexCase: o.hexCase,
  });
  if (!password.ok) return password;
  const error =
    check('secureMode', secureMode, DEVICE_SECRET_MODES) ||
    check('keepalive', keepalive);
  if (error) return authFail(error);
  const tls = secureMode === 2;
  const endpoint = resolveMqttEndpoint(o.endpoint, o.productKey, tls);
  if (!endpoint.ok) return endpoint;
  const timestamp = resolveTimestamp(o.timestamp);
  const params: ClientIdParam[] = [
    ['securemode', String(secureMode)],
    ['signmethod', method],
  ];
  if (timestamp.ok && timestamp.value !== null) params.push(['timestamp', timestamp.value]);
  const clientId = buildClientId(base, params, o.extensions, o.keyOrder);
  if (!clientId.ok) return clientId;
  return authOk({
    host: endpoint.value.host,
    port: endpoint.value.port,
    tls: tls,
    secureMode: secureMode,
    clientId: clientId.value,
    username: o.deviceName + '&' + o.productKey,
    password: password.value,
    keepalive: keepalive,
  });
}
