import type { StoredDeviceSecret, StoredDeviceToken } from '../provision/store/credential';
import type { ProvisionError } from '../provision/errors';
import type { Registrar, RegistrationStart } from '../provision/registrar';
import type { ResolvedConfig } from './config';
import { clientIdExtensions, mqttEndpoint, type DeviceIdentity } from './credentials';

// Starting the configured registration (HTTPS, MQTT register or MQTT regnwl) through the single-flight registrar.

export type RegistrationResult = { ok: true; value: StoredDeviceSecret | StoredDeviceToken } | { ok: false; error: ProvisionError };

export type RegistrationDone = (result: RegistrationResult) => void;

export function registrationOptions(config: ResolvedConfig, id: DeviceIdentity, registrar: Registrar, done: RegistrationDone): RegistrationStart {
  const ca = config.ca.length > 0 ? config.ca : undefined;
  if (config.registration === 'https') {
    return registrar.registerHttps(
      {
        productKey: id.productKey,
        deviceName: id.deviceName,
        productSecret: config.productSecret!,
        signMethod: config.signMethod,
        endpoint: { region: config.region, host: config.authHost, port: config.authPort },
        ca: ca,
        timeoutMs: config.registrationTimeoutMs,
      },
      done,
    );
  }
  return registrar.registerMqtt(
    {
      productKey: id.productKey,
      deviceName: id.deviceName,
      productSecret: config.productSecret!,
      authType: config.registration === 'mqtt-regnwl' ? 'regnwl' : 'register',
      signMethod: config.signMethod,
      instanceId: config.instanceId,
      extensions: clientIdExtensions(config),
      endpoint: mqttEndpoint(config),
      keepalive: config.keepalive,
      ca: ca,
      timeoutMs: config.registrationTimeoutMs,
    },
    done,
  );
}
