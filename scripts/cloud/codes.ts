// Every answer code the local cloud gives, in one place, with where it comes from.
//
// HTTPS (/auth/register/device, /auth/devicename): HTTP status 200 with the code in the JSON body, as the real
// server appears to answer protocol errors (protocol.md §1 "Trust the JSON code"). Transport problems get a real
// HTTP status instead: 404 unknown path, 405 wrong method, 413 body too large, 408 slow client (Node's own).
//
// MQTT: CONNACK return codes. §3 (login with a DeviceSecret or iotToken) and §2 (registration over MQTT) give
// different meanings to the same numbers, so each mode uses its own table.

/** JSON `code` values of the HTTPS endpoints. */
export const HttpsCode = {
  /** Success (§1, §4). */
  OK: 200,
  /** "request auth error": the sign does not verify (§1/§4, documented for /auth/devicename). */
  AUTH_ERROR: 401,
  /** "param error": malformed form, missing or invalid field, unknown sign method (§1/§4). */
  PARAM_ERROR: 460,
  /** "unknown error": something broke inside the emulator. */
  UNKNOWN: 500,
  /** "meta device not found" (§4): /auth/devicename for a device or product the registry does not hold. */
  META_DEVICE_NOT_FOUND: 5001,
  /** "device not found" (§1 generic device codes): registration of a device that was not pre-registered. */
  DEVICE_NOT_FOUND: 6100,
  /** "auth type mismatch" (§4): /auth/devicename for a device that holds no DeviceSecret (never registered, or token-only). */
  AUTH_TYPE_MISMATCH: 6200,
  /** "product not found" (§1 generic codes: 6250/5005 product lookup failed). */
  PRODUCT_NOT_FOUND: 6250,
  /**
   * "dynamic registration is not enabled for this product". Not documented (protocol.md: "I found no documented
   * code for dynamic registration disabled"); chosen next to 6289 so device code can group them.
   */
  DYNREG_DISABLED: 6288,
  /** "device is already active" (§1): registration after activation, until ResetThing. */
  ALREADY_ACTIVE: 6289,
} as const;

export const HTTPS_MESSAGES: Record<number, string> = {
  200: 'success',
  401: 'request auth error',
  460: 'param error',
  500: 'unknown error',
  5001: 'meta device not found',
  6100: 'device not found',
  6200: 'auth type mismatch',
  6250: 'product not found',
  6288: 'dynamic registration is not enabled for this product',
  6289: 'device is already active',
};

/** CONNACK return codes of MQTT 3.1.1. */
export const Connack = {
  ACCEPTED: 0,
  IDENTIFIER_REJECTED: 2,
  SERVER_UNAVAILABLE: 3,
  BAD_USERNAME_OR_PASSWORD: 4,
  NOT_AUTHORIZED: 5,
} as const;

/**
 * Login with a DeviceSecret (securemode 2/3) or iotId/iotToken (securemode -1/0), §3/§4:
 * - 2: securemode names the other transport (3 or 0 on TLS, 2 or -1 on plain TCP). Undocumented for login; the
 *   registration doc answers "TCP used" with 2 (§2), and 2 tells a client its identifier, not the server, is at fault.
 * - 3: the clientId does not parse, securemode is unknown or unsupported, signmethod or timestamp is malformed,
 *   keep-alive is under 30 s: documented by the 4.x SDK as "server unavailable (bad clientId or keep-alive)" (§3),
 *   so Alibaba's answer is kept although clients read 3 as an outage; and an invalid or expired iotId/iotToken
 *   (§4: "An invalid iotId/token gets CONNACK 3").
 * - 4: the username is not DeviceName&ProductKey, or the password does not verify (a wrong or superseded secret).
 * - 5: the registry does not know the product or device, or the device holds no DeviceSecret yet.
 * Keep-alive over 1200 s is accepted and clamped to 1200 (the 4.x SDK header's reading of the docs).
 */
export const LoginConnack = {
  WRONG_TRANSPORT: Connack.IDENTIFIER_REJECTED,
  BAD_CLIENT_ID: Connack.SERVER_UNAVAILABLE,
  BAD_KEEPALIVE: Connack.SERVER_UNAVAILABLE,
  BAD_TOKEN: Connack.SERVER_UNAVAILABLE,
  BAD_CREDENTIALS: Connack.BAD_USERNAME_OR_PASSWORD,
  UNKNOWN_DEVICE: Connack.NOT_AUTHORIZED,
} as const;

/**
 * Registration over MQTT (authType register / regnwl) and token login (connwl), §2:
 * - 2: a missing or malformed parameter, a securemode other than 2/-2, or plain TCP (§2).
 * - 4: the sign (or deviceToken) does not verify, or the product is unknown so nothing can verify it.
 * - 5: the sign verifies but registration is not allowed: dynamic registration off, device not pre-registered
 *   (register), or device already active (the MQTT face of HTTPS 6289). §2 lists no code for these; 5
 *   ("not authorized") is the one MQTT 3.1.1 code that says "you are who you claim, but may not".
 */
export const DynregConnack = {
  BAD_PARAMETER: Connack.IDENTIFIER_REJECTED,
  AUTH_FAILED: Connack.BAD_USERNAME_OR_PASSWORD,
  NOT_ALLOWED: Connack.NOT_AUTHORIZED,
} as const;
