// src/provision: dynamic registration over HTTPS and MQTT, HTTPS authentication ("guider"), the credential store.

export type { ProvisionError, ProvisionErrorCode } from './errors';
export { ALREADY_ACTIVE_REMEDY, cloudCodeError } from './errors';
export type { ProvisionAttempt, ProvisionStart } from './attempt';
export type { CloudReply, JsonObject } from './cloud-reply';
export { readCloudReply, fromHttpError, retryAfterMs, MAX_RETRY_AFTER_MS } from './cloud-reply';
export type { DynregHttpsOptions, DynregHttpsResult } from './dynreg-https';
export { startDynregHttps, DYNREG_HTTPS_TIMEOUT_MS, DYNREG_LOG_TAG } from './dynreg-https';
export type { DynregMqttRunOptions, DynregMqttSizes } from './dynreg-mqtt';
export { startDynregMqtt, DYNREG_MQTT_TIMEOUT_MS, DYNREG_MQTT_LOG_TAG } from './dynreg-mqtt';
export type { DynregMqttResult, DynregMqttValue } from './dynreg-mqtt-reply';
export { REGISTER_TOPIC, REGNWL_TOPIC, connackError } from './dynreg-mqtt-reply';
export type { ConnwlOptions, DeviceTokenIdentity } from './connwl';
export { connwlCredentials } from './connwl';
export type { Registrar, RegistrationStart } from './registrar';
export { createRegistrar } from './registrar';
export type { HttpsAuthOptions, HttpsAuthResult, GuiderSessionOptions } from './guider';
export { startHttpsAuth, guiderMqttCredentials, GUIDER_TIMEOUT_MS } from './guider';
export type { IotToken, TokenFreshness } from './iot-token';
export { tokenFreshness, anchorTokenExpiry, IOT_TOKEN_TTL_MS, IOT_TOKEN_MARGIN_MS } from './iot-token';
export { credentialFromIotToken, iotTokenFromCredential } from './persist';
export * from './store';
