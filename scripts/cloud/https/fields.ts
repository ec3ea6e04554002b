// Field checks shared by the HTTPS endpoints; each failure names the field (460 detail).

import { check, type AuthError } from '../../../src/auth/index';

/** Hex digits, 1-128 of them (an HMAC-SHA256 sign is 64). */
const HEX_SIGN = /^[0-9A-Fa-f]{1,128}$/;

export type FieldResult = { ok: true; value: string } | { ok: false; detail: string };

function fromAuth(value: string, error: AuthError | null): FieldResult {
  return error ? { ok: false, detail: error.message } : { ok: true, value };
}

export function required(fields: Map<string, string>, name: string): FieldResult {
  const value = fields.get(name);
  return value === undefined || value === '' ? { ok: false, detail: `${name} is required` } : { ok: true, value };
}

export function productKeyField(fields: Map<string, string>): FieldResult {
  const r = required(fields, 'productKey');
  return r.ok ? fromAuth(r.value, check('productKey', r.value)) : r;
}

export function deviceNameField(fields: Map<string, string>): FieldResult {
  const r = required(fields, 'deviceName');
  return r.ok ? fromAuth(r.value, check('deviceName', r.value)) : r;
}

export function randomField(fields: Map<string, string>): FieldResult {
  const r = required(fields, 'random');
  return r.ok ? fromAuth(r.value, check('random', r.value)) : r;
}

export function signField(fields: Map<string, string>): FieldResult {
  const r = required(fields, 'sign');
  if (!r.ok) return r;
  return HEX_SIGN.test(r.value) ? r : { ok: false, detail: 'sign must be hex' };
}

/** An optional timestamp: absent → null. */
export function optionalTimestamp(fields: Map<string, string>): FieldResult | { ok: true; value: null } {
  const value = fields.get('timestamp');
  if (value === undefined) return { ok: true, value: null };
  return fromAuth(value, check('timestamp', value));
}
