// src/http: one HTTP/1.1 POST over a HAL socket, with an incremental response parser bounded by the board's caps.

export type { HttpError, HttpErrorCode } from './errors';
export type { HttpLimits, HttpHeader, HttpResponse, HttpResult, HttpPostRequest } from './types';
export { headerValue, bodyText } from './types';
export type { ParseState } from './parser';
export { ResponseParser } from './parser';
export type { ResponseHead, BodyFraming } from './head';
export { parseHead, bodyFraming } from './head';
export type { EncodedRequest } from './request';
export { encodeRequest, requestText, hostHeader } from './request';
export type { HttpHal, HttpExchange, HttpStart } from './post';
export { httpPost, HTTP_LOG_TAG } from './post';
