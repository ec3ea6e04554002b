// Reading an answer of the cloud's HTTPS auth service (/auth/register/device, /auth/devicename):
// `{"code":200,"data":{…},"message":"success"}`. The JSON code is trusted over the HTTP status (protocol.md §1);
// the HTTP status decides only when the body carries no code.

import { bodyText, headerValue, type HttpError, type HttpResponse, type HttpResult } from '../http';
import { isDecimal } from '../util/text';
import { cloudCodeError, provisionError, type ProvisionError } from './errors';

/** A JSON object as parsed from the network: every value must be checked before use. */
export type JsonObject = { [key: string]: unknown };

export type CloudReply = { ok: true; data: JsonObject } | { ok: false; error: ProvisionError };

/** Longest Retry-After honoured: one day. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/** The transport failure as a provisioning error: all of them may pass, so all are retryable. */
export function fromHttpError(e: HttpError): ProvisionError {
  if (e.code === 'NETWORK') {
    const n = provisionError('NETWORK', true, e.message);
    if (e.halCode !== undefined) n.halCode = e.halCode;
    return n;
  }
  if (e.code === 'TIMEOUT') return provisionError('TIMEOUT', true, e.message);
  if (e.code === 'CLOSED_EARLY') return provisionError('CLOSED_EARLY', true, e.message);
  if (e.code === 'INVALID_REQUEST') return provisionError('INVALID_CONFIG', false, e.message);
  return provisionError('BAD_RESPONSE', true, e.message);
}

/** JSON.parse of network input, once, at the boundary: an object, or null for anything else. */
export function parseJsonObject(text: string): JsonObject | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

/** A JSON object member that is itself an object, or null. */
export function memberObject(o: JsonObject, key: string): JsonObject | null {
  const v = o[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : null;
}

/** The cloud's `code` as a number (it is a number; 3.x compared its text, so digits in a string count too). */
export function cloudCodeOf(o: JsonObject): number | null {
  const c = o.code;
  if (typeof c === 'number' && isFinite(c)) return c;
  if (typeof c === 'string' && isDecimal(c, 9)) return parseInt(c, 10);
  return null;
}

/** Retry-After in delta-seconds form as milliseconds (capped at a day); an HTTP-date or junk gives undefined. */
export function retryAfterMs(response: HttpResponse): number | undefined {
  const v = headerValue(response.headers, 'retry-after');
  if (v === undefined || !isDecimal(v, 9)) return undefined;
  return Math.min(parseInt(v, 10) * 1000, MAX_RETRY_AFTER_MS);
}

function withHttp(e: ProvisionError, response: HttpResponse): ProvisionError {
  e.httpStatus = response.status;
  const after = e.code === 'THROTTLED' ? retryAfterMs(response) : undefined;
  if (after !== undefined) e.retryAfterMs = after;
  return e;
}

/** What the HTTP status says when the body has no cloud code. */
function statusError(response: HttpResponse): ProvisionError {
  const s = response.status;
  if (s === 429) return provisionError('THROTTLED', true, 'the server throttled the request (HTTP 429): back off and retry');
  if (s >= 500) return provisionError('SERVER_ERROR', true, 'the server failed (HTTP ' + s + '): retry later');
  if (s >= 200 && s < 300) return provisionError('BAD_RESPONSE', true, 'HTTP ' + s + ' without a JSON body carrying a code: the host may not be the auth service');
  return provisionError('REJECTED', false, 'the server refused the request (HTTP ' + s + '): check the host and path');
}

/** The `data` of a code-200 answer, or the typed error the answer (or its absence) means. */
export function readCloudReply(result: HttpResult): CloudReply {
  if (!result.ok) return { ok: false, error: fromHttpError(result.error) };
  const response = result.response;
  const json = parseJsonObject(bodyText(response));
  const code = json === null ? null : cloudCodeOf(json);
  if (json === null || code === null) return { ok: false, error: withHttp(statusError(response), response) };
  if (code !== 200) {
    const message = typeof json.message === 'string' ? json.message : undefined;
    return { ok: false, error: withHttp(cloudCodeError(code, message), response) };
  }
  const data = memberObject(json, 'data');
  if (data === null) return { ok: false, error: withHttp(provisionError('BAD_RESPONSE', true, 'code 200 without a data object'), response) };
  return { ok: true, data: data };
}
