import type { Hal } from '../../hal/types';
import type { ClientIdExtensions } from '../auth/client-id';
import type { AuthResult } from '../auth/errors';
import type { MqttEndpointOptions } from '../auth/endpoints';
import { deviceSecretCredentials } from '../auth/mqtt-credentials';
import { FIXED_TIMESTAMP, type MqttCredentials } from '../auth/types';
import { connwlCredentials } from '../provision/connwl';
import { guiderMqttCredentials } from '../provision/guider';
import type { IotToken } from '../provision/iot-token';
import type { ResolvedConfig } from './config';
import { authError, authFail } from '../auth/errors';
import '../features';

// From the credential the link holds to the MQTT CONNECT fields, for every login the configuration allows:
// DeviceSecret signed directly (securemode 2 TLS / 3 TCP), deviceToken of a registration-free device
// (connwl, securemode -2), and the iotToken of HTTPS authentication (securemode -1 TLS / 0 TCP).

/** The credential the link connects with, and where it came from (for logs and the rejection rule). */
export type ActiveCredential =
  | { kind: 'deviceSecret'; deviceSecret: string; origin: 'configured' | 'stored' | 'registered' }
  | { kind: 'deviceToken'; clientId: string; deviceToken: string; origin: 'stored' | 'registered' };

export interface DeviceIdentity {
  productKey: string;
  deviceName: string;
}

/** The aliot version sent as `_v` in the clientId. */
export const ALIOT_VERSION = 'aliot-ts-0.1.0';

export function clientIdExtensions(config: ResolvedConfig): ClientIdExtensions {
  const ext: ClientIdExtensions = { sdkVersion: ALIOT_VERSION };
  if (config.partnerId !== undefined) ext.partnerId = config.partnerId;
  if (config.moduleId !== undefined) ext.moduleId = config.moduleId;
  if (config.instanceId !== undefined) ext.instanceId = config.instanceId;
  return ext;
}

export function mqttEndpoint(config: ResolvedConfig): MqttEndpointOptions {
  const e: MqttEndpointOptions = { region: config.region };
  if (config.instanceId !== undefined) e.instanceId = config.instanceId;
  if (config.mqttHost !== undefined) e.host = config.mqttHost;
  if (config.mqttPort !== undefined) e.port = config.mqttPort;
  return e;
}

/** CONNECT fields for a DeviceSecret (direct) or a deviceToken (connwl). */
export function directCredentials(hal: Hal, config: ResolvedConfig, id: DeviceIdentity, active: ActiveCredential): AuthResult<MqttCredentials> {
  if (active.kind === 'deviceToken') {
    if (ALIOT_REGISTER_NWL) {
      return connwlCredentials(
        { productKey: id.productKey, deviceName: id.deviceName, clientId: active.clientId, deviceToken: active.deviceToken },
        { endpoint: mqttEndpoint(config), keepalive: config.keepalive },
      );
    }
    return authFail(authError('UNSUPPORTED_VALUE', 'deviceToken', 'a deviceToken login (connwl) is not built into this image'));
  }
  return deviceSecretCredentials(hal, {
    productKey: id.productKey,
    deviceName: id.deviceName,
    deviceSecret: active.deviceSecret,
    secureMode: config.tls ? 2 : 3,
    signMethod: config.signMethod,
    timestamp: FIXED_TIMESTAMP,
    extensions: clientIdExtensions(config),
    endpoint: mqttEndpoint(config),
    keepalive: config.keepalive,
  });
}

/** CONNECT fields after HTTPS authentication: connect where the cloud said, as iotId / iotToken. */
export function tokenCredentials(config: ResolvedConfig, token: IotToken): AuthResult<MqttCredentials> {
  return guiderMqttCredentials(token, { tls: config.tls, extensions: clientIdExtensions(config), keepalive: config.keepalive });
}

/** The SDK's names for the secure modes (guider_print_dev_guider_info). */
export function secureModeText(mode: number): string {
  if (mode === 2) return '2 (TLS + Direct)';
  if (mode === 3) return '3 (TCP + Direct + Plain)';
  if (mode === 0) return '0 (TCP + Guider + Plain)';
  if (mode === -1) return '-1 (TLS + Guider)';
  if (mode === -2) return '-2 (TLS + Token login)';
  return String(mode);
}
