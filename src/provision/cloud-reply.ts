// Reading an answer of the cloud's HTTPS auth service (/auth/register/device, /auth/devicename):
// `{"code":200,"data":{…},"message":"success"}`. The JSON code is trusted over the HTTP status (protocol.md §1);
// the HTTP status decides only when the body carries no code.

import type { HttpError, HttpResponse, HttpResult } from '../http';
import { bytesToBinaryString } from '../util/bytes';
import { isDecimal } from '../util/text';
import { cloudCodeError, provisionError, type ProvisionError } from './errors';

/** A JSON object as parsed from the network: every value must be checked before use. */
export type JsonObject = { [key: string]: unknown };

export type CloudReply = { ok: true; data: JsonObject } | { ok: false; error: ProvisionError };

/** Longest Retry-After honoured: one day. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/** The transport failure as a provisioning error: all of them may pass, so all but a bad request are retryable. */
export function fromHttpError(e: HttpError): ProvisionError {
  const c = e.code;
  const code = c === 'NETWORK' || c === 'TIMEOUT' || c === 'CLOSED_EARLY' ? c : c === 'INVALID_REQUEST' ? 'INVALID_CONFIG' : 'BAD_RESPONSE';
  const p = provisionError(code, code !== 'INVALID_CONFIG', e.message);
  if (e.halCode !== undefined) p.halCode = e.halCode;
  return p;
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
  const h = response.headers;
  for (let i = 0; i < h.length; i++) {
    if (h[i][0] === 'retry-after') return isDecimal(h[i][1], 9) ? Math.min(parseInt(h[i][1], 10) * 1000, MAX_RETRY_AFTER_MS) : undefined;
  }
  return undefined;
}

/**
 * The `data` of a code-200 answer, or the typed error the answer (or its absence) means. The JSON code is trusted
 * over the HTTP status, which decides only when the body carries no code.
 */
export function readCloudReply(result: HttpResult): CloudReply {
  if (!result.ok) return { ok: false, error: fromHttpError(result.error) };
  const response = result.response;
  const s = response.status;
  const json = parseJsonObject(bytesToBinaryString(response.body));
  const code = json === null ? null : cloudCodeOf(json);
  let e: ProvisionError;
  if (json !== null && code === 200) {
    const data = memberObject(json, 'data');
    if (data !== null) return { ok: true, data: data };
    e = provisionError('BAD_RESPONSE', true, 'code 200 without data');
  } else if (json !== null && code !== null) e = cloudCodeError(code, typeof json.message === 'string' ? json.message : undefined);
  else if (s === 429) e = provisionError('THROTTLED', true, 'HTTP 429');
  else if (s >= 500) e = provisionError('SERVER_ERROR', true, 'HTTP ' + s);
  else if (s >= 200 && s < 300) e = provisionError('BAD_RESPONSE', true, 'HTTP ' + s + ' without a cloud code');
  else e = provisionError('REJECTED', false, 'HTTP ' + s);
  e.httpStatus = s;
  const after = e.code === 'THROTTLED' ? retryAfterMs(response) : undefined;
  if (after !== undefined) e.retryAfterMs = after;
  return { ok: false, error: e };
}
