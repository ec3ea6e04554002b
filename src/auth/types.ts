// Shared shapes and defaults of src/auth.

import type { NativeHash, Random } from '../../hal/types';

/** The part of the HAL that signing needs. A full Hal fits. */
export interface HashHal {
  hash: NativeHash;
}

/** The part of the HAL that dynamic registration needs (random for a fresh `random` value). A full Hal fits. */
export interface SignHal {
  hash: NativeHash;
  random: Random;
}

/** The timestamp every SDK signs with (2050-01-01Z): the cloud checks no time window (protocol.md §3, §4). */
export const FIXED_TIMESTAMP = '2524608000000';

/** Keep-alive bounds the cloud enforces, seconds (protocol.md §3). */
export const KEEPALIVE_MIN = 30;
export const KEEPALIVE_MAX = 1200;
/** The default keep-alive: the docs recommend 300 s or more; longer only delays noticing a dead link. */
export const DEFAULT_KEEPALIVE = 300;

/** Length of the random value this runtime makes for dynamic registration (the 2.x SDK form, [A-Za-z0-9]). */
export const DYNREG_RANDOM_LENGTH = 15;

/** What an MQTT client needs to connect. */
export interface MqttCredentials {
  host: string;
  port: number;
  /** TLS when true, plain TCP otherwise. */
  tls: boolean;
  /** The securemode written into the clientId. */
  secureMode: number;
  clientId: string;
  username: string;
  password: string;
  /** Seconds. */
  keepalive: number;
}

/** One HTTPS request. Transport headers (Host, Content-Length, Connection) are the HTTP layer's to add. */
export interface HttpsRequest {
  method: 'POST';
  host: string;
  port: number;
  path: string;
  /** Content headers, in the order to send them. */
  headers: [string, string][];
  /** application/x-www-form-urlencoded, ASCII. */
  body: string;
}

/** The request as a URL, e.g. https://iot-auth.cn-shanghai.aliyuncs.com/auth/register/device. */
export function requestUrl(request: HttpsRequest): string {
  const port = request.port === 443 ? '' : ':' + request.port;
  return 'https://' + request.host + port + request.path;
}
