// Dynamic registration over MQTT (protocol.md §2) and the token login that follows registration-free
// ("regnwl") registration. TLS only: plain TCP gets CONNACK 2.
//   register/regnwl: clientId `${id}|securemode=2,authType=register,random=R,signmethod=hmacsha256[,instanceId=…]|`,
//                    username `${DN}&${PK}`, password = the §1 sign (HMAC with the ProductSecret)
//   connwl:          clientId `${returnedClientId}|securemode=-2,authType=connwl|`, password = deviceToken as-is

import type { HexCase } from '../crypto/hex';
import { authFail, authOk, type AuthResult } from './errors';
import { buildClientId, defaultClientIdBase, type ClientIdExtensions, type ClientIdParam, type ClientIdStyle } from './client-id';
import { signedRandom } from './dynreg';
import { resolveMqttEndpoint, type MqttEndpointOptions } from './endpoints';
import { DEFAULT_SIGN_METHOD, type SignMethod } from './sign';
import { DEFAULT_KEEPALIVE, type MqttCredentials, type SignHal } from './types';
import { check } from './validate';

/** register: the device was pre-registered in the console. regnwl: registration-free (yields a deviceToken). */
export type DynregAuthType = 'register' | 'regnwl';

export const DYNREG_AUTH_TYPES: DynregAuthType[] = ['register', 'regnwl'];

/** The docs: 2 for register, -2 for regnwl. The 4.x and Python SDKs send 2 for both, which also works. */
export const DYNREG_SECURE_MODES = [2, -2];

export interface DynregMqttOptions {
  productKey: string;
  deviceName: string;
  productSecret: string;
  /** Default register. */
  authType?: DynregAuthType;
  /** Default: 15 fresh alphanumerics from the HAL's RNG. */
  random?: string;
  /** Default hmacsha256. */
  signMethod?: SignMethod;
  /** 2 or -2; default 2 for register and -2 for regnwl, as the docs say. */
  secureMode?: number;
  /** Written into the clientId (needed for regnwl on Enterprise instances); also the host when no endpoint is given. */
  instanceId?: string;
  /** Default from clientIdStyle. */
  clientIdBase?: string;
  /** Default 'pk.dn'; the 4.x SDK uses 'dn.pk'. */
  clientIdStyle?: ClientIdStyle;
  extensions?: ClientIdExtensions;
  keyOrder?: string[];
  /** Default: the instance host when instanceId is set, else the cn-shanghai legacy host; port 8883. */
  endpoint?: MqttEndpointOptions;
  /** Seconds, 30-1200; default 300 (the cloud does not check it here). */
  keepalive?: number;
  /** Default upper. */
  hexCase?: HexCase;
}

export interface DynregMqttCredentials extends MqttCredentials {
  authType: DynregAuthType;
  /** The random value signed and sent. */
  random: string;
}

/** CONNECT credentials for registration over MQTT. */
export function dynregMqttCredentials(hal: SignHal, options: DynregMqttOptions): AuthResult<DynregMqttCredentials> {
  const o = options;
  const authType = o.authType === undefined ? 'register' : o.authType;
  const secureMode = o.secureMode === undefined ? (authType === 'regnwl' ? -2 : 2) : o.secureMode;
  const method = o.signMethod === undefined ? DEFAULT_SIGN_METHOD : o.signMethod;
  const keepalive = o.keepalive === undefined ? DEFAULT_KEEPALIVE : o.keepalive;
  const error =
    check('productKey', o.productKey) ||
    check('deviceName', o.deviceName) ||
    check('authType', authType, DYNREG_AUTH_TYPES) ||
    check('secureMode', secureMode, DYNREG_SECURE_MODES) ||
    (o.instanceId === undefined ? null : check('instanceId', o.instanceId)) ||
    check('keepalive', keepalive);
  if (error) return authFail(error);
  const signed = signedRandom(hal, o, method);
  if (!signed.ok) return signed;
  const endpointOptions = o.endpoint || (o.instanceId === undefined ? undefined : { instanceId: o.instanceId });
  const endpoint = resolveMqttEndpoint(endpointOptions, o.productKey, true);
  if (!endpoint.ok) return endpoint;
  const params: ClientIdParam[] = [
    ['securemode', String(secureMode)],
    ['authType', authType],
    ['random', signed.value.random],
    ['signmethod', method],
  ];
  if (o.instanceId !== undefined) params.push(['instanceId', o.instanceId]);
  const base = o.clientIdBase === undefined ? defaultClientIdBase(o.productKey, o.deviceName, o.clientIdStyle) : o.clientIdBase;
  const baseError = check('clientId', base);
  if (baseError) return authFail(baseError);
  const clientId = buildClientId(base, params, o.extensions, o.keyOrder);
  if (!clientId.ok) return clientId;
  return authOk({
    host: endpoint.value.host,
    port: endpoint.value.port,
    tls: true,
    secureMode: secureMode,
    clientId: clientId.value,
    username: o.deviceName + '&' + o.productKey,
    password: signed.value.sign,
    keepalive: keepalive,
    authType: authType as DynregAuthType,
    random: signed.value.random,
  });
}

export interface TokenLoginOptions {
  productKey: string;
  deviceName: string;
  /** The clientId the /ext/regnwl reply carried (used as the id before '|'). */
  clientId: string;
  /** The deviceToken the /ext/regnwl reply carried; sent as the password as-is. */
  deviceToken: string;
  /** The 4.x SDK adds _ss=1, ext=3 and _v. */
  extensions?: ClientIdExtensions;
  keyOrder?: string[];
  /** Port 8883 by default (TLS). */
  endpoint?: MqttEndpointOptions;
  keepalive?: number;
}

/** CONNECT credentials for a device registered registration-free (authType=connwl). */
export function tokenLoginCredentials(options: TokenLoginOptions): AuthResult<MqttCredentials> {
  const o = options;
  const keepalive = o.keepalive === undefined ? DEFAULT_KEEPALIVE : o.keepalive;
  const error =
    check('productKey', o.productKey) ||
    check('deviceName', o.deviceName) ||
    check('clientId', o.clientId) ||
    check('deviceToken', o.deviceToken) ||
    check('keepalive', keepalive);
  if (error) return authFail(error);
  const endpoint = resolveMqttEndpoint(o.endpoint, o.productKey, true);
  if (!endpoint.ok) return endpoint;
  const params: ClientIdParam[] = [
    ['securemode', '-2'],
    ['authType', 'connwl'],
  ];
  const clientId = buildClientId(o.clientId, params, o.extensions, o.keyOrder);
  if (!clientId.ok) return clientId;
  return authOk({
    host: endpoint.value.host,
    port: endpoint.value.port,
    tls: true,
    secureMode: -2,
    clientId: clientId.value,
    username: o.deviceName + '&' + o.productKey,
    password: o.deviceToken,
    keepalive: keepalive,
  });
}
