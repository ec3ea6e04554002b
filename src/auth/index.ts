// src/auth: signatures, registration requests and MQTT credentials for every secure mode (protocol.md §1-§4).

export type { AuthError, AuthErrorCode, AuthField, AuthResult } from './errors';
export { authOk, authFail, authError } from './errors';
export type { HashHal, SignHal, MqttCredentials, HttpsRequest } from './types';
export {
  FIXED_TIMESTAMP,
  KEEPALIVE_MIN,
  KEEPALIVE_MAX,
  DEFAULT_KEEPALIVE,
  DYNREG_RANDOM_LENGTH,
  requestUrl,
} from './types';
export type { SignMethod, DynregSignOptions, DevicePasswordOptions } from './sign';
export {
  SIGN_METHODS,
  DEFAULT_SIGN_METHOD,
  DEFAULT_HEX_CASE,
  hashNameOf,
  signHex,
  dynregSignContent,
  deviceSignContent,
  resolveTimestamp,
  dynregSign,
  devicePassword,
  HEX_CASES,
} from './sign';
export type { Region, MqttEndpointOptions, HttpsEndpointOptions, Endpoint } from './endpoints';
export {
  REGIONS,
  DEFAULT_REGION,
  MQTT_TLS_PORT,
  MQTT_TCP_PORT,
  HTTPS_PORT,
  legacyMqttHost,
  instanceMqttHost,
  httpsAuthHost,
  resolveMqttEndpoint,
  resolveHttpsEndpoint,
} from './endpoints';
export type { ClientIdParam, ClientIdExtensions, ClientIdStyle } from './client-id';
export {
  EXTENSION_ORDER,
  KEY_ORDER_SDK_3_0,
  KEY_ORDER_SDK_4,
  KEY_ORDER_SDK_4_DYNREG,
  KEY_ORDER_SDK_3_2_DYNREG,
  defaultClientIdBase,
  buildClientId,
  formatClientId,
} from './client-id';
export type { DeviceSecretOptions } from './mqtt-credentials';
export { DEVICE_SECRET_MODES, deviceSecretCredentials } from './mqtt-credentials';
export type { DynregRequestOptions, DynregRequest } from './dynreg';
export { DYNREG_PATH, DYNREG_ACCEPT, FORM_CONTENT_TYPE, makeDynregRandom, dynregHttpsRequest } from './dynreg';
export type { DynregAuthType, DynregMqttOptions, DynregMqttCredentials, TokenLoginOptions } from './dynreg-mqtt';
export { DYNREG_AUTH_TYPES, DYNREG_SECURE_MODES, dynregMqttCredentials, tokenLoginCredentials } from './dynreg-mqtt';
export type { HttpsAuthRequestOptions, HttpsAuthRequest, HttpsAuthSessionOptions } from './https-auth';
export { HTTPS_AUTH_PATH, HTTPS_AUTH_CONTENT_TYPE, httpsAuthRequest, httpsAuthSessionCredentials } from './https-auth';
export { formBody, formValue } from './form';
export * from './validate';
