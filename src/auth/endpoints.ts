// Where to connect (protocol.md §1, §3): regional hosts, instance hosts, custom hosts, and default ports.
//
// Ports: MQTT over TLS defaults to 8883, where the cloud presents the Aliyun IoT Root CA chain valid to 2053
// (recommended since SDK 4.2.0; 443 and 1883-with-TLS present the GlobalSign R1 chain that expires in 2028).
// Plain TCP (securemode 3) uses 1883. HTTPS (dynamic registration, HTTPS authentication) uses 443.
// Every default can be overridden with `port`.

import { authFail, authOk, type AuthResult } from './errors';
import { check } from './validate';

export type Region = 'cn-shanghai' | 'ap-southeast-1' | 'ap-northeast-1' | 'us-west-1' | 'us-east-1' | 'eu-central-1';

/** Shanghai, Singapore, Tokyo, Silicon Valley, Virginia, Frankfurt. */
export const REGIONS: Region[] = ['cn-shanghai', 'ap-southeast-1', 'ap-northeast-1', 'us-west-1', 'us-east-1', 'eu-central-1'];

export const DEFAULT_REGION: Region = 'cn-shanghai';

export const MQTT_TLS_PORT = 8883;
export const MQTT_TCP_PORT = 1883;
export const HTTPS_PORT = 443;

/**
 * Where the MQTT server is. The first one given wins: `host` (a custom endpoint), then `instanceId`
 * (`${instanceId}.mqtt.iothub.aliyuncs.com`: new public and Enterprise instances), then `region` (the legacy
 * public instance `${productKey}.iot-as-mqtt.${region}.aliyuncs.com`), then cn-shanghai.
 */
export interface MqttEndpointOptions {
  region?: Region;
  instanceId?: string;
  host?: string;
  /** Default 8883 with TLS, 1883 without. */
  port?: number;
}

/** Where the HTTPS auth server is: `host`, else `iot-auth.${region}.aliyuncs.com` (region default cn-shanghai). */
export interface HttpsEndpointOptions {
  region?: Region;
  host?: string;
  /** Default 443. */
  port?: number;
}

export interface Endpoint {
  host: string;
  port: number;
}

export function legacyMqttHost(productKey: string, region: Region): string {
  return productKey + '.iot-as-mqtt.' + region + '.aliyuncs.com';
}

export function instanceMqttHost(instanceId: string): string {
  return instanceId + '.mqtt.iothub.aliyuncs.com';
}

/** The host of dynamic registration and HTTPS authentication; the same for public and Enterprise instances. */
export function httpsAuthHost(region: Region): string {
  return 'iot-auth.' + region + '.aliyuncs.com';
}

/** The MQTT host and port. The productKey is assumed valid (callers check it first). */
export function resolveMqttEndpoint(
  options: MqttEndpointOptions | undefined,
  productKey: string,
  tls: boolean,
): AuthResult<Endpoint> {
  const o = options || {};
  const port = o.port === undefined ? (tls ? MQTT_TLS_PORT : MQTT_TCP_PORT) : o.port;
  const portError = check('port', port);
  if (portError) return authFail(portError);
  if (o.host !== undefined) {
    const error = check('host', o.host);
    return error ? authFail(error) : authOk({ host: o.host, port: port });
  }
  if (o.instanceId !== undefined) {
    const error = check('instanceId', o.instanceId);
    return error ? authFail(error) : authOk({ host: instanceMqttHost(o.instanceId), port: port });
  }
  const region = o.region === undefined ? DEFAULT_REGION : o.region;
  const error = check('region', region, REGIONS);
  return error ? authFail(error) : authOk({ host: legacyMqttHost(productKey, region), port: port });
}

/** The HTTPS auth host and port. */
export function resolveHttpsEndpoint(options: HttpsEndpointOptions | undefined): AuthResult<Endpoint> {
  const o = options || {};
  const port = o.port === undefined ? HTTPS_PORT : o.port;
  const portError = check('port', port);
  if (portError) return authFail(portError);
  if (o.host !== undefined) {
    const error = check('host', o.host);
    return error ? authFail(error) : authOk({ host: o.host, port: port });
  }
  const region = o.region === undefined ? DEFAULT_REGION : o.region;
  const error = check('region', region, REGIONS);
  return error ? authFail(error) : authOk({ host: httpsAuthHost(region), port: port });
}
