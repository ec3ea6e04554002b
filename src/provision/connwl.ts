// After registration-free ("regnwl") registration the device logs in with its deviceToken (protocol.md §2):
// clientId `${returnedClientId}|securemode=-2,authType=connwl|`, username DN&PK, password = deviceToken as-is.

import { tokenLoginCredentials } from '../auth/dynreg-mqtt';
import type { ClientIdExtensions } from '../auth/client-id';
import type { MqttEndpointOptions } from '../auth/endpoints';
import type { AuthResult } from '../auth/errors';
import type { MqttCredentials } from '../auth/types';

/** What a regnwl registration returned (also what the credential store keeps for it). */
export interface DeviceTokenIdentity {
  productKey: string;
  deviceName: string;
  clientId: string;
  deviceToken: string;
}

export interface ConnwlOptions {
  /** Where the MQTT server is: the same endpoint the registration used. */
  endpoint?: MqttEndpointOptions;
  extensions?: ClientIdExtensions;
  keyOrder?: string[];
  keepalive?: number;
}

/** The MQTT CONNECT credentials for the token login of a registration-free device. */
export function connwlCredentials(token: DeviceTokenIdentity, options?: ConnwlOptions): AuthResult<MqttCredentials> {
  const o = options || {};
  return tokenLoginCredentials({
    productKey: token.productKey,
    deviceName: token.deviceName,
    clientId: token.clientId,
    deviceToken: token.deviceToken,
    endpoint: o.endpoint,
    extensions: o.extensions,
    keyOrder: o.keyOrder,
    keepalive: o.keepalive,
  });
}
