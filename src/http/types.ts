// The shapes of one HTTP/1.1 exchange: the limits a board gives it, the request, the response.

import type { BoardSizes } from '../../hal/types';
import { bytesToBinaryString } from '../util/bytes';
import type { HttpError } from './errors';

/** The board's caps (BoardSizes fits): the parser never holds more than httpHeaderCap + httpBodyCap bytes. */
export type HttpLimits = Pick<BoardSizes, 'httpHeaderCap' | 'httpBodyCap'> & {
  /**
   * A buffer lent for one exchange (the idle MQTT client's receive buffer), used for the head and, when it also
   * fits, the body instead of allocating them: a board with one small memory pool then holds one buffer, not three.
   * The response body is then a view into it, valid until the lender uses it again (callers read it at once).
   */
  borrowRx?: () => Uint8Array | null;
};

/** A response header: the name in lower case, the value with surrounding spaces trimmed. */
export type HttpHeader = [string, string];

export interface HttpResponse {
  /** 100-599. */
  status: number;
  /** The reason phrase as sent (may be empty). */
  reason: string;
  /** In the order received; names lower-cased. */
  headers: HttpHeader[];
  /** The body after de-chunking; a view of at most httpBodyCap bytes. */
  body: Uint8Array;
}

export type HttpResult = { ok: true; response: HttpResponse } | { ok: false; error: HttpError };

/** One POST. Host, Content-Length and Connection: close are added by the HTTP layer. */
export interface HttpPostRequest {
  host: string;
  port: number;
  /** TLS when true (HTTPS), plain TCP otherwise. */
  tls: boolean;
  /** Trusted roots, PEM; absent: the board's default trust. */
  ca?: string[];
  /** SNI and certificate name; defaults to host. */
  servername?: string;
  /** Starts with '/'. */
  path: string;
  /** Content headers in the order to send them (e.g. Accept, Content-Type). */
  headers: [string, string][];
  /** An 8-bit string (one byte per char), e.g. a form body. */
  body: string;
  /** Deadline of the whole exchange (connect, send, receive), milliseconds. */
  timeoutMs: number;
}

/** The first value of a header (name in any case), or undefined. */
export function headerValue(headers: HttpHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let i = 0; i < headers.length; i++) if (headers[i][0] === lower) return headers[i][1];
  return undefined;
}

/** The body as an 8-bit string (one char per byte): what JSON.parse reads on Espruino. */
export function bodyText(response: HttpResponse): string {
  return bytesToBinaryString(response.body);
}
