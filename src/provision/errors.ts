// Errors of provisioning (registration, HTTPS authentication) are values with a stable code, a message that
// names the remedy, and whether trying again later can help (`retryable`). The link backs off and retries the
// retryable ones and halts with the message on the others (protocol.md §6: never retry 6289, 401 or 460).

import type { HalErrorCode } from '../../hal/types';
import type { AuthError, AuthField } from '../auth/errors';

/**
 * INVALID_CONFIG: the inputs cannot make a request (a field fails the auth checks); nothing was sent.
 * BUSY: a registration is already running (single flight).
 * ALREADY_ACTIVE: cloud code 6289: the device was activated; registering again needs a reset.
 * AUTH_FAILED: cloud code 401 (or CONNACK 4/5): the signature or credentials did not verify.
 * INVALID_PARAMS: cloud code 460 (or CONNACK 2): a parameter is wrong or missing.
 * DEVICE_NOT_FOUND: cloud code 5001 / 6100: no such device in the product.
 * AUTH_TYPE_MISMATCH: cloud code 6200: the product's authentication type does not allow this request.
 * REJECTED: any other cloud code or HTTP status that is not a temporary condition.
 * THROTTLED: HTTP or cloud code 429: too many requests.
 * SERVER_ERROR: HTTP 5xx, cloud code 500-599, CONNACK 3: the server failed; try again later.
 * NETWORK: the connection failed (refused, DNS, TLS, reset); `halCode` says how.
 * TIMEOUT: no answer before the deadline.
 * CLOSED_EARLY: the server closed the connection before answering.
 * BAD_RESPONSE: the answer is not what the protocol promises (malformed, oversize, implausible values).
 */
export type ProvisionErrorCode =
  | 'INVALID_CONFIG'
  | 'BUSY'
  | 'ALREADY_ACTIVE'
  | 'AUTH_FAILED'
  | 'INVALID_PARAMS'
  | 'DEVICE_NOT_FOUND'
  | 'AUTH_TYPE_MISMATCH'
  | 'REJECTED'
  | 'THROTTLED'
  | 'SERVER_ERROR'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'CLOSED_EARLY'
  | 'BAD_RESPONSE';

export interface ProvisionError {
  code: ProvisionErrorCode;
  /** For people: the cause and the remedy. Never holds a secret. */
  message: string;
  /** True when the same request may succeed later (back off first). */
  retryable: boolean;
  /** The JSON `code` of the cloud's answer, when there was one. */
  cloudCode?: number;
  /** The JSON `message` of the cloud's answer, when there was one. */
  cloudMessage?: string;
  /** The HTTP status, when an HTTP response arrived. */
  httpStatus?: number;
  /** The CONNACK return code, when an MQTT server refused the connection. */
  connackCode?: number;
  /** NETWORK: the HAL's error code. */
  halCode?: HalErrorCode;
  /** THROTTLED: the server's Retry-After, in milliseconds. */
  retryAfterMs?: number;
  /** INVALID_CONFIG: the input field to fix. */
  field?: AuthField;
}

export function provisionError(code: ProvisionErrorCode, retryable: boolean, message: string): ProvisionError {
  return { code: code, message: message, retryable: retryable };
}

export function configError(error: AuthError): ProvisionError {
  const e = provisionError('INVALID_CONFIG', false, error.message);
  e.field = error.field;
  return e;
}

export const ALREADY_ACTIVE_REMEDY =
  'device is already active (6289): reset it in the console (ResetThing) or restore its stored DeviceSecret';

export function busyError(): ProvisionError {
  return provisionError('BUSY', true, 'a registration is already running: wait for its result or abort it first');
}

/** What a cloud `code` means (protocol.md §1, §4, generic device codes); 200 is not an error and is not mapped. */
export function cloudCodeError(code: number, message: string | undefined): ProvisionError {
  const said = message === undefined || message === '' ? '' : ' ("' + message + '")';
  let e: ProvisionError;
  if (code === 6289) e = provisionError('ALREADY_ACTIVE', false, ALREADY_ACTIVE_REMEDY);
  else if (code === 401) e = provisionError('AUTH_FAILED', false, 'the cloud refused the signature (401)' + said + ': check ProductKey, DeviceName and the secret');
  else if (code === 460) e = provisionError('INVALID_PARAMS', false, 'the cloud refused a parameter (460)' + said + ': check ProductKey, DeviceName and the sign method');
  else if (code === 5001 || code === 6100) e = provisionError('DEVICE_NOT_FOUND', false, 'the device does not exist (' + code + ')' + said + ': add the DeviceName to the product in the console, or use registration-free (regnwl) registration');
  else if (code === 6200) e = provisionError('AUTH_TYPE_MISMATCH', false, 'the product does not allow this authentication (6200)' + said + ': enable dynamic registration / check the product\'s authentication type in the console');
  else if (code === 429) e = provisionError('THROTTLED', true, 'the cloud throttled the request (429)' + said + ': back off and retry');
  else if (code >= 500 && code <= 599) e = provisionError('SERVER_ERROR', true, 'the cloud failed (' + code + ')' + said + ': retry later');
  else e = provisionError('REJECTED', false, 'the cloud refused the request with code ' + code + said + ': see the code in the Alibaba Cloud IoT error list');
  e.cloudCode = code;
  if (message !== undefined) e.cloudMessage = message;
  return e;
}
