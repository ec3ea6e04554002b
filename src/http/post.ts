// One HTTP/1.1 POST over a HAL socket (TLS or TCP): open, send, parse the response incrementally, close.
// - The deadline covers the whole exchange; when it passes the socket is closed and TIMEOUT reported.
// - A TLS close-notify ('PEER_CLOSE_NOTIFY', Espruino's -30848) is an orderly close: after a complete response it
//   is success, before one it is CLOSED_EARLY, exactly like a plain close.
// - The callback fires exactly once, after the socket was closed and the timer cleared, never from inside the
//   parser. After abort() it never fires.
// - A complete response is delivered when the peer closes (we sent "Connection: close"), or after CLOSE_GRACE_MS
//   if it does not: an Espruino TLS socket frees its memory only at its close, and on a 4,000-JsVar ESP32 the link's
//   next steps (store, MQTT login) do not fit beside a socket that is still closing.
// The exchange's state lives in the scope of one httpPost call and its handlers are closures over it: they exist
// while the exchange runs and are garbage once it is over (no class whose methods stay loaded for good).

import type { Hal, HalError, Socket } from '../../hal/types';
import { httpError, type HttpError } from './errors';
import { ResponseParser } from './parser';
import { encodeRequest } from './request';
import type { HttpLimits, HttpPostRequest, HttpResult } from './types';
import '../features';

export const HTTP_LOG_TAG = 'http';
/** How long a complete response waits for the peer's close before this side closes. */
export const CLOSE_GRACE_MS = 1000;

/** The part of the HAL an HTTP exchange uses. A full Hal fits. */
export type HttpHal = Pick<Hal, 'net' | 'clock' | 'log'>;

export interface HttpExchange {
  /** Stops the exchange: closes the socket and cancels the deadline. The callback will not fire. Idempotent. */
  abort(): void;
}

export type HttpStart = { ok: true; exchange: HttpExchange } | { ok: false; error: HttpError };

/**
 * Starts one POST. Returns INVALID_REQUEST (and opens nothing) when the request cannot be sent as given;
 * otherwise `done` is called exactly once, later, with the response or a typed error — unless abort() is called
 * first.
 */
export function httpPost(hal: HttpHal, limits: HttpLimits, r: HttpPostRequest, done: (result: HttpResult) => void): HttpStart {
  const encoded = encodeRequest(r);
  if (!encoded.ok) return encoded;
  const log = hal.log;
  const parser = new ResponseParser(limits);
  /** The request bytes until the socket took them (on BUSY they are written again at onDrain). */
  let pending: Uint8Array | null = encoded.bytes;
  let socket: Socket | null = null;
  let timer = -1;
  let connected = false;
  let finished = false;
  /** The complete response, held until the peer closes or the grace ends. */
  let complete: HttpResult | null = null;

  /** Ends the exchange once: clears the deadline, closes the socket, then reports `result` (null: aborted). */
  function finish(result: HttpResult | null): void {
    if (finished) return;
    finished = true;
    if (timer !== -1) hal.clock.clearTimer(timer);
    timer = -1;
    pending = null;
    const open = socket;
    socket = null;
    if (open !== null) open.close();
    if (result === null) {
      if (ALIOT_LOG_DEBUG) log.write('debug', HTTP_LOG_TAG, 'exchange aborted');
      return;
    }
    if (!result.ok) log.write('warn', HTTP_LOG_TAG, 'POST failed: ' + result.error.code + ': ' + result.error.message);
    else if (ALIOT_LOG_INFO) log.write('info', HTTP_LOG_TAG, 'HTTP ' + result.response.status + ' ' + result.response.reason + ', ' + result.response.body.length + ' body bytes');
    done(result);
  }

  /** onConnect and onDrain (which only follows a connect): writes the request unless it was taken. */
  function send(): void {
    connected = true;
    if (finished || pending === null || socket === null) return;
    const error = socket.write(pending);
    if (error === null) {
      if (ALIOT_LOG_DEBUG) log.write('debug', HTTP_LOG_TAG, 'request sent, ' + pending.length + ' bytes');
      pending = null;
    } else if (error.code !== 'BUSY') finish({ ok: false, error: httpError('NETWORK', 'write failed: ' + error.message, error.code) });
  }

  if (ALIOT_LOG_INFO) log.write('info', HTTP_LOG_TAG, "POST host: '" + r.host + "', port: " + r.port + ', path: ' + r.path + (r.tls ? ' (TLS)' : ''));
  timer = hal.clock.setTimer(r.timeoutMs, function () {
    timer = -1;
    finish({ ok: false, error: httpError('TIMEOUT', 'no response in ' + r.timeoutMs + ' ms') });
  });
  socket = hal.net.open(
    { host: r.host, port: r.port, tls: r.tls, ca: r.ca, servername: r.servername },
    {
      onConnect: send,
      onDrain: send,
      onData: function (bytes: Uint8Array) {
        if (finished || complete !== null || parser.push(bytes) === 'more') return;
        const result = parser.result!;
        if (!result.ok) return finish(result);
        complete = result;
        hal.clock.clearTimer(timer);
        timer = hal.clock.setTimer(CLOSE_GRACE_MS, function () {
          timer = -1;
          finish(complete);
        });
      },
      onClose: function (error: HalError | null) {
        socket = null;
        if (finished) return;
        // After a complete response, however the peer closes (a reset included), the response stands.
        if (complete !== null) return finish(complete);
        if (!connected) finish({ ok: false, error: httpError('NETWORK', 'connect failed: ' + (error === null ? 'closed' : error.message), error === null ? undefined : error.code) });
        else if (error === null || error.code === 'PEER_CLOSE_NOTIFY') {
          parser.end();
          finish(parser.result);
        } else finish({ ok: false, error: httpError('NETWORK', 'connection broke: ' + error.message, error.code) });
      },
    },
  );
  return {
    ok: true,
    exchange: {
      abort: function () {
        finish(null);
      },
    },
  };
}
