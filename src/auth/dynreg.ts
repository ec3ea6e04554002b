// Dynamic registration over HTTPS (protocol.md §1): the request that trades ProductKey + ProductSecret for a
// DeviceSecret. Sending it and reading the reply is src/provision's job.
//   POST https://iot-auth.<region>.aliyuncs.com/auth/register/device
//   productKey=<PK>&deviceName=<DN>&random=<R>&sign=<SIGN>&signMethod=<M>

import { randomAlphanumeric } from '../crypto/random';
import type { HexCase } from '../crypto/hex';
import { authError, authFail, authOk, type AuthResult } from './errors';
import { resolveHttpsEndpoint, type HttpsEndpointOptions } from './endpoints';
import { formBody } from './form';
import { DEFAULT_SIGN_METHOD, dynregSign, type SignMethod } from './sign';
import { DYNREG_RANDOM_LENGTH, type HttpsRequest, type SignHal } from './types';

export const DYNREG_PATH = '/auth/register/device';
export const DYNREG_ACCEPT = 'text/xml,text/javascript,text/html,application/json';
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** A fresh random value for registration: 15 chars of [A-Za-z0-9] from the hardware RNG. */
export function makeDynregRandom(hal: Pick<SignHal, 'random'>): AuthResult<string> {
  const r = randomAlphanumeric(hal.random, DYNREG_RANDOM_LENGTH);
  if (!r.ok) return authFail(authError('RNG_FAILED', 'random', r.error.message));
  return authOk(r.value);
}

/** The random value (given, or fresh from the RNG) and the registration sign over it: §1 and §2 share both. */
export function signedRandom(
  hal: SignHal,
  o: { productKey: string; deviceName: string; productSecret: string; random?: string; hexCase?: HexCase },
  method: SignMethod,
): AuthResult<{ random: string; sign: string }> {
  const random = o.random === undefined ? makeDynregRandom(hal) : authOk(o.random);
  if (!random.ok) return random;
  const sign = dynregSign(hal, {
    productKey: o.productKey,
    deviceName: o.deviceName,
    productSecret: o.productSecret,
    random: random.value,
    signMethod: method,
    hexCase: o.hexCase,
  });
  return sign.ok ? authOk({ random: random.value, sign: sign.value }) : sign;
}

export interface DynregRequestOptions {
  productKey: string;
  deviceName: string;
  productSecret: string;
  /** Default: 15 fresh alphanumerics from the HAL's RNG. */
  random?: string;
  /** Default hmacsha256 (what every C SDK sends; which MD5 token HTTPS accepts is unconfirmed). */
  signMethod?: SignMethod;
  /** Default upper. */
  hexCase?: HexCase;
  endpoint?: HttpsEndpointOptions;
}

export interface DynregRequest {
  request: HttpsRequest;
  /** The random value signed and sent. */
  random: string;
  sign: string;
}

/** The HTTPS registration request, signed. */
export function dynregHttpsRequest(hal: SignHal, options: DynregRequestOptions): AuthResult<DynregRequest> {
  const o = options;
  const method = o.signMethod === undefined ? DEFAULT_SIGN_METHOD : o.signMethod;
  const signed = signedRandom(hal, o, method);
  if (!signed.ok) return signed;
  const endpoint = resolveHttpsEndpoint(o.endpoint);
  if (!endpoint.ok) return endpoint;
  const body = formBody([
    ['productKey', o.productKey],
    ['deviceName', o.deviceName],
    ['random', signed.value.random],
    ['sign', signed.value.sign],
    ['signMethod', method],
  ]);
  return authOk({
    request: {
      method: 'POST',
      host: endpoint.value.host,
      port: endpoint.value.port,
      path: DYNREG_PATH,
      headers: [
        ['Accept', DYNREG_ACCEPT],
        ['Content-Type', FORM_CONTENT_TYPE],
      ],
      body: body,
    },
    random: signed.value.random,
    sign: signed.value.sign,
  });
}
