// Errors of one HTTP exchange are values: a stable code (what a program and a person act on) and a short message
// (the detail). Each code names its remedy below, so the message need not repeat it.

import type { HalErrorCode } from '../../hal/types';

/**
 * INVALID_REQUEST: the request cannot be sent as given (bad host, port, path, header or a body char above 0xFF);
 *   returned by httpPost itself, nothing was opened. Fix the named field.
 * NETWORK: the socket failed (refused, DNS, TLS, reset, write refused); `halCode` says how. Retry later.
 * TIMEOUT: the whole exchange did not finish before its deadline. Retry later.
 * TOO_LARGE: the status line plus headers exceeded the board's httpHeaderCap, or the body its httpBodyCap
 *   (`part` says which); nothing past the cap was kept. Raise the cap if the server is right.
 * MALFORMED: the bytes are not an HTTP/1.x response (status line, header, chunk framing).
 * CLOSED_EARLY: the server closed the connection before the response was complete. Retry.
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

/** One error; `halCode` is kept for NETWORK, `part` for TOO_LARGE (each only when given). */
export function httpError(code: HttpErrorCode, message: string, halCode?: HalErrorCode, part?: 'header' | 'body'): HttpError {
  const e: HttpError = { code: code, message: message };
  if (halCode !== undefined) e.halCode = halCode;
  if (part !== undefined) e.part = part;
  return e;
}
