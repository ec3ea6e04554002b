// Errors of provisioning (registration, HTTPS authentication) are values with a stable code (documented below
// with its remedy), a short message with the detail, and whether trying again later can help (`retryable`).
// The link backs off and retries the retryable ones and halts with the message on the others (protocol.md §6:
// never retry 6289, 401 or 460).

import type { HalErrorCode } from '../../hal/types';
import type { AuthError, AuthField } from '../auth/errors';

/**
 * Each code with its remedy (the board's messages are short; this is the text for people):
 * INVALID_CONFIG: the inputs cannot make a request (a field fails the auth checks); nothing was sent. Fix `field`.
 * BUSY: a registration is already running (single flight). Wait for its result or abort it first.
 * ALREADY_ACTIVE: cloud code 6289: the device was activated; registering again needs a reset in the console
 *   (ResetThing), or restore its stored DeviceSecret.
 * AUTH_FAILED: cloud code 401 (or CONNACK 4/5): the signature or credentials did not verify. Check ProductKey,
 *   DeviceName and the secret.
 * INVALID_PARAMS: cloud code 460 (or CONNACK 2): a parameter is wrong or missing. Check ProductKey, DeviceName
 *   and the sign method.
 * DEVICE_NOT_FOUND: cloud code 5001 / 6100: no such device in the product. Add the DeviceName in the console, or
 *   use registration-free (regnwl) registration.
 * AUTH_TYPE_MISMATCH: cloud code 6200: the product's authentication type does not allow this request. Enable
 *   dynamic registration for the product in the console.
 * REJECTED: any other cloud code or HTTP status that is not a temporary condition. Look the code up in the
 *   Alibaba Cloud IoT error list; for an HTTP status, check the host and path.
 * THROTTLED: HTTP or cloud code 429: too many requests. Back off and retry (after `retryAfterMs` if given).
 * SERVER_ERROR: HTTP 5xx, cloud code 500-599, CONNACK 3: the server failed. Retry later.
 * NETWORK: the connection failed (refused, DNS, TLS, reset); `halCode` says how. Retry later.
 * TIMEOUT: no answer before the deadline. Retry later.
 * CLOSED_EARLY: the server closed the connection before answering. Retry.
 * BAD_RESPONSE: the answer is not what the protocol promises (malformed, oversize, implausible values); for an
 *   HTTP 2xx without a cloud code, the host may not be the auth service. Retry.
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
  /** The detail (the code names the remedy). Never holds a secret. */
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

/** The one remedy the board prints in words (6289 is the refusal a person must act on by hand). */
export const ALREADY_ACTIVE_REMEDY =
  'device is already active (6289): reset it in the console (ResetThing) or restore its stored DeviceSecret';

/**
 * What a cloud `code` means (protocol.md §1, §4, generic device codes); 200 is not an error and is not mapped.
 * The message is short: the error's code says what to do (see ProvisionErrorCode), the cloud's own words follow.
 */
export function cloudCodeError(code: number, message: string | undefined): ProvisionError {
  let e: ProvisionError;
  if (code === 6289) e = provisionError('ALREADY_ACTIVE', false, ALREADY_ACTIVE_REMEDY);
  else {
    let what: ProvisionErrorCode = 'REJECTED';
    if (code === 401) what = 'AUTH_FAILED';
    else if (code === 460) what = 'INVALID_PARAMS';
    else if (code === 5001 || code === 6100) what = 'DEVICE_NOT_FOUND';
    else if (code === 6200) what = 'AUTH_TYPE_MISMATCH';
    else if (code === 429) what = 'THROTTLED';
    else if (code >= 500 && code <= 599) what = 'SERVER_ERROR';
    e = provisionError(what, what === 'THROTTLED' || what === 'SERVER_ERROR', 'cloud code ' + code + (message === undefined || message === '' ? '' : ' ("' + message + '")'));
  }
  e.cloudCode = code;
  if (message !== undefined) e.cloudMessage = message;
  return e;
}
