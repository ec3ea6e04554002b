// Dynamic registration over HTTPS (protocol.md §1): ProductKey + ProductSecret buy a DeviceSecret.
//   POST https://iot-auth.<region>.aliyuncs.com/auth/register/device → {"code":200,"data":{"deviceSecret":…}}
// One attempt per call; the caller persists the secret (see store) and decides about retries from `retryable`.
// Single flight and attempt ids live in the registrar (registrar.ts).

import type { Hal } from '../../hal/types';
import { dynregHttpsRequest, type DynregRequestOptions } from '../auth/dynreg';
import { check } from '../auth/validate';
import { httpPost, type HttpLimits } from '../http';
import { maskSecret } from '../util/mask';
import type { ProvisionStart } from './attempt';
import { readCloudReply, type JsonObject } from './cloud-reply';
import { configError, provisionError, type ProvisionError } from './errors';
import '../features';
import type { StoredDeviceSecret } from './store/credential';

export const DYNREG_LOG_TAG = 'dynreg';

/** The SDKs' 2.x/3.x timeout for the whole exchange. */
export const DYNREG_HTTPS_TIMEOUT_MS = 10000;

export interface DynregHttpsOptions extends DynregRequestOptions {
  /** Trusted roots, PEM (the board's CA bundle); absent: the board's default trust. */
  ca?: string[];
  servername?: string;
  /** Default DYNREG_HTTPS_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** HTTPS registration yields a DeviceSecret, as the credential store keeps it; persist it before the first MQTT connect. */
export type DynregHttpsResult = { ok: true; value: StoredDeviceSecret } | { ok: false; error: ProvisionError };

/** The identity the cloud echoes must be ours; a missing echo is fine. */
export function echoMismatch(data: JsonObject, productKey: string, deviceName: string): string | null {
  if (data.productKey !== undefined && data.productKey !== productKey) return 'productKey';
  if (data.deviceName !== undefined && data.deviceName !== deviceName) return 'deviceName';
  return null;
}

/**
 * Starts one HTTPS registration. INVALID_CONFIG is returned (nothing opened) when the inputs cannot be signed;
 * otherwise `done` fires exactly once, unless the attempt is aborted first. The answer is the secret in a
 * code-200 `data`, or BAD_RESPONSE when it is missing, implausible, or for another device.
 */
export function startDynregHttps(
  hal: Hal,
  limits: HttpLimits,
  options: DynregHttpsOptions,
  done: (result: DynregHttpsResult) => void,
): ProvisionStart {
  const built = dynregHttpsRequest(hal, options);
  if (!built.ok) return { ok: false, error: configError(built.error) };
  const req = built.value.request;
  const log = hal.log;
  const productKey = options.productKey;
  const deviceName = options.deviceName;
  if (ALIOT_LOG_INFO) log.write('info', DYNREG_LOG_TAG, 'Dynamic Register: ' + productKey + '.' + deviceName);
  if (ALIOT_LOG_DEBUG) log.write('debug', DYNREG_LOG_TAG, 'Random Key: ' + built.value.random + ', Sign: ' + maskSecret(built.value.sign));
  const started = httpPost(
    hal,
    limits,
    {
      host: req.host,
      port: req.port,
      tls: true,
      ca: options.ca,
      servername: options.servername,
      path: req.path,
      headers: req.headers,
      body: req.body,
      timeoutMs: options.timeoutMs === undefined ? DYNREG_HTTPS_TIMEOUT_MS : options.timeoutMs,
    },
    function (result) {
      const reply = readCloudReply(result);
      let outcome: DynregHttpsResult;
      if (!reply.ok) outcome = reply;
      else {
        const secret = reply.data.deviceSecret;
        const mismatch = echoMismatch(reply.data, productKey, deviceName);
        if (typeof secret !== 'string' || check('deviceSecret', secret) !== null) outcome = { ok: false, error: provisionError('BAD_RESPONSE', true, 'code 200 without a plausible deviceSecret') };
        else if (mismatch !== null) outcome = { ok: false, error: provisionError('BAD_RESPONSE', true, 'the reply names another ' + mismatch) };
        else outcome = { ok: true, value: { kind: 'deviceSecret', productKey: productKey, deviceName: deviceName, deviceSecret: secret } };
      }
      if (outcome.ok) {
        if (ALIOT_LOG_INFO) log.write('info', DYNREG_LOG_TAG, 'Dynamic Register Code: 200');
        if (ALIOT_LOG_INFO) log.write('info', DYNREG_LOG_TAG, 'Dynamic Register Device Secret: ' + maskSecret(outcome.value.deviceSecret));
      } else {
        if (ALIOT_LOG_INFO && outcome.error.cloudCode !== undefined) log.write('info', DYNREG_LOG_TAG, 'Dynamic Register Code: ' + outcome.error.cloudCode);
        log.write('warn', DYNREG_LOG_TAG, 'Dynamic Register failed: ' + outcome.error.code + ': ' + outcome.error.message);
      }
      done(outcome);
    },
  );
  if (!started.ok) return { ok: false, error: configError({ code: 'INVALID_FIELD', field: 'host', message: started.error.message }) };
  return { ok: true, attempt: started.exchange };
}
