// HTTPS authentication, the SDK's "guider" mode (protocol.md §4): POST /auth/devicename signed with the
// DeviceSecret → iotId, iotToken and resources.mqtt {host, port}. The MQTT session then connects to the host
// and port the cloud named, which may be another region than the auth host (Smart Living overseas devices
// authenticate at Singapore and are sent to their nearest data node).

import type { Hal } from '../../hal/types';
import type { ClientIdExtensions, ClientIdStyle } from '../auth/client-id';
import type { AuthResult } from '../auth/errors';
import { httpsAuthRequest, httpsAuthSessionCredentials, type HttpsAuthRequestOptions } from '../auth/https-auth';
import type { MqttCredentials } from '../auth/types';
import { check } from '../auth/validate';
import { httpPost, type HttpLimits } from '../http';
import { maskSecret } from '../util/mask';
import { isDecimal } from '../util/text';
import { startFailed, type ProvisionStart } from './attempt';
import { memberObject, readCloudReply, type JsonObject } from './cloud-reply';
import { configError, provisionError, type ProvisionError } from './errors';
import { IOT_TOKEN_TTL_MS, type IotToken } from './iot-token';
import '../features';

export const GUIDER_LOG_TAG = 'guider';

export const GUIDER_TIMEOUT_MS = 10000;

export interface HttpsAuthOptions extends HttpsAuthRequestOptions {
  /** true (default): HTTPS on 443. false: plain HTTP (give endpoint.port 80). */
  tls?: boolean;
  ca?: string[];
  servername?: string;
  /** Default GUIDER_TIMEOUT_MS. */
  timeoutMs?: number;
}

export type HttpsAuthResult = { ok: true; value: IotToken } | { ok: false; error: ProvisionError };

function badData(what: string): HttpsAuthResult {
  return { ok: false, error: provisionError('BAD_RESPONSE', true, 'the authentication reply ' + what) };
}

/** resources.mqtt.port as a number (it is a number; a string of digits is accepted). */
function portOf(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && isDecimal(value, 5) ? parseInt(value, 10) : -1;
}

/** The token and MQTT endpoint in a code-200 `data`, checked. */
export function tokenFromData(data: JsonObject, hal: Pick<Hal, 'clock'>, productKey: string, deviceName: string): HttpsAuthResult {
  const iotId = data.iotId;
  const iotToken = data.iotToken;
  if (typeof iotId !== 'string' || check('iotId', iotId) !== null) return badData('has no plausible iotId');
  if (typeof iotToken !== 'string' || check('iotToken', iotToken) !== null) return badData('has no plausible iotToken');
  const resources = memberObject(data, 'resources');
  const mqtt = resources === null ? null : memberObject(resources, 'mqtt');
  if (mqtt === null) return badData('names no resources.mqtt endpoint');
  const host = mqtt.host;
  const port = portOf(mqtt.port);
  if (typeof host !== 'string' || check('host', host) !== null) return badData('names no valid MQTT host');
  if (check('port', port) !== null) return badData('names no valid MQTT port');
  const token: IotToken = {
    productKey: productKey,
    deviceName: deviceName,
    iotId: iotId,
    iotToken: iotToken,
    host: host,
    port: port,
    obtainedAt: hal.clock.now(),
  };
  const wall = hal.clock.wallTime();
  if (wall !== undefined) token.expiresAtWall = wall + IOT_TOKEN_TTL_MS;
  return { ok: true, value: token };
}

/**
 * Starts one HTTPS authentication. INVALID_CONFIG is returned (nothing opened) when the inputs cannot be
 * signed; otherwise `done` fires exactly once unless the attempt is aborted first.
 */
export function startHttpsAuth(hal: Hal, limits: HttpLimits, options: HttpsAuthOptions, done: (result: HttpsAuthResult) => void): ProvisionStart {
  const built = httpsAuthRequest(hal, options);
  if (!built.ok) return startFailed(configError(built.error));
  const req = built.value.request;
  const log = hal.log;
  const started = httpPost(
    hal,
    limits,
    {
      host: req.host,
      port: req.port,
      tls: options.tls === undefined ? true : options.tls,
      ca: options.ca,
      servername: options.servername,
      path: req.path,
      headers: req.headers,
      body: req.body,
      timeoutMs: options.timeoutMs === undefined ? GUIDER_TIMEOUT_MS : options.timeoutMs,
    },
    function (result) {
      const reply = readCloudReply(result);
      const outcome = reply.ok ? tokenFromData(reply.data, hal, options.productKey, options.deviceName) : reply;
      if (outcome.ok) {
        const t = outcome.value;
        if (ALIOT_LOG_INFO) log.write('info', GUIDER_LOG_TAG, 'iotId: ' + t.iotId + ', iotToken: ' + maskSecret(t.iotToken) + ', MQTT at ' + t.host + ':' + t.port);
      } else log.write('warn', GUIDER_LOG_TAG, 'HTTPS authentication failed: ' + outcome.error.code + ': ' + outcome.error.message);
      done(outcome);
    },
  );
  if (!started.ok) return startFailed(configError({ code: 'INVALID_FIELD', field: 'host', message: started.error.message }));
  return { ok: true, attempt: started.exchange };
}

export interface GuiderSessionOptions {
  /** true (default): TLS, securemode -1; false: TCP, securemode 0. */
  tls?: boolean;
  clientIdBase?: string;
  clientIdStyle?: ClientIdStyle;
  extensions?: ClientIdExtensions;
  keyOrder?: string[];
  keepalive?: number;
}

/** The MQTT credentials for a token: connect where the cloud said, as iotId / iotToken. */
export function guiderMqttCredentials(token: IotToken, options?: GuiderSessionOptions): AuthResult<MqttCredentials> {
  const o = options || {};
  return httpsAuthSessionCredentials({
    productKey: token.productKey,
    deviceName: token.deviceName,
    iotId: token.iotId,
    iotToken: token.iotToken,
    host: token.host,
    port: token.port,
    tls: o.tls,
    clientIdBase: o.clientIdBase,
    clientIdStyle: o.clientIdStyle,
    extensions: o.extensions,
    keyOrder: o.keyOrder,
    keepalive: o.keepalive,
  });
}
