// src/http: one HTTP/1.1 POST over a HAL socket, with an incremental response parser bounded by the board's caps.

export type { HttpError, HttpErrorCode } from './errors';
export { httpError } from './errors';
export type { HttpLimits, HttpHeader, HttpResponse, HttpResult, HttpPostRequest } from './types';
export { headerValue, bodyText } from './types';
export type { ParseState } from './parser';
export { ResponseParser, heldBytes, allocatedBytes } from './parser';
export type { EncodedRequest } from './request';
export { encodeRequest, charsIn, TOKEN_PUNCTUATION } from './request';
export type { HttpHal, HttpExchange, HttpStart } from './post';
export { httpPost, HTTP_LOG_TAG, CLOSE_GRACE_MS } from './post';
