// Errors are values: every auth function returns a result naming the field a person has to fix.

/** The input field an error is about (option names of the auth functions). */
export type AuthField =
  | 'productKey'
  | 'deviceName'
  | 'deviceSecret'
  | 'productSecret'
  | 'random'
  | 'signMethod'
  | 'secureMode'
  | 'authType'
  | 'timestamp'
  | 'clientId'
  | 'extensions'
  | 'keyOrder'
  | 'region'
  | 'instanceId'
  | 'host'
  | 'port'
  | 'keepalive'
  | 'hexCase'
  | 'iotId'
  | 'iotToken'
  | 'deviceToken';

/**
 * MISSING_FIELD: a required value is absent or empty.
 * INVALID_FIELD: the value has the wrong type, length, charset or range.
 * UNSUPPORTED_VALUE: the value is not one of a fixed set (sign method, region, secure mode, auth type).
 * RNG_FAILED: the hardware RNG could not supply a random value.
 */
export type AuthErrorCode = 'MISSING_FIELD' | 'INVALID_FIELD' | 'UNSUPPORTED_VALUE' | 'RNG_FAILED';

export interface AuthError {
  code: AuthErrorCode;
  field: AuthField;
  /** For people: names the field and what it must be. Never contains a secret. */
  message: string;
}

export type AuthResult<T> = { ok: true; value: T } | { ok: false; error: AuthError };

export function authOk<T>(value: T): AuthResult<T> {
  return { ok: true, value: value };
}

export function authFail<T>(error: AuthError): AuthResult<T> {
  return { ok: false, error: error };
}

export function authError(code: AuthErrorCode, field: AuthField, message: string): AuthError {
  return { code: code, field: field, message: message };
}
