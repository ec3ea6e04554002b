// Errors of one HTTP exchange are values. Each code is stable; each message names the cause and, where there is
// one, the remedy.

import type { HalErrorCode } from '../../hal/types';

/**
 * INVALID_REQUEST: the request cannot be sent as given (bad host, port, path, header or a body char above 0xFF);
 *   returned by httpPost itself, nothing was opened.
 * NETWORK: the socket failed (refused, DNS, TLS, reset, write refused); `halCode` says how.
 * TIMEOUT: the whole exchange did not finish before its deadline.
 * TOO_LARGE: the status line plus headers exceeded the board's httpHeaderCap, or the body its httpBodyCap
 *   (`part` says which); nothing past the cap was kept.
 * MALFORMED: the bytes are not an HTTP/1.x response (status line, header, chunk framing).
 * CLOSED_EARLY: the server closed the connection before the response was complete.
 */
export type HttpErrorCode = 'INVALID_REQUEST' | 'NETWORK' | 'TIMEOUT' | 'TOO_LARGE' | 'MALFORMED' | 'CLOSED_EARLY';

export interface HttpError {
  code: HttpErrorCode;
  message: string;
  /** NETWORK: the HAL's error code. */
  halCode?: HalErrorCode;
  /** TOO_LARGE: which cap was hit. */
  part?: 'header' | 'body';
}

export function httpError(code: HttpErrorCode, message: string): HttpError {
  return { code: code, message: message };
}

export function networkError(halCode: HalErrorCode | undefined, message: string): HttpError {
  const e = httpError('NETWORK', message);
  if (halCode !== undefined) e.halCode = halCode;
  return e;
}

export function tooLarge(part: 'header' | 'body', cap: number): HttpError {
  const what = part === 'header' ? 'status line and headers' : 'body';
  const size = part === 'header' ? 'httpHeaderCap' : 'httpBodyCap';
  const e = httpError('TOO_LARGE', 'the response ' + what + ' exceed ' + cap + ' bytes: raise the board\'s ' + size + ' if the server is right');
  e.part = part;
  return e;
}

export function malformed(what: string): HttpError {
  return httpError('MALFORMED', 'the response is not valid HTTP/1.x: ' + what);
}
