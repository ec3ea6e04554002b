// One HTTP/1.1 POST over a HAL socket (TLS or TCP): open, send, parse the response incrementally, close.
// - The deadline covers the whole exchange; when it passes the socket is closed and TIMEOUT reported.
// - A TLS close-notify ('PEER_CLOSE_NOTIFY', Espruino's -30848) is an orderly close: after a complete response it
//   is success, before one it is CLOSED_EARLY, exactly like a plain close.
// - The callback fires exactly once, after the socket was closed and the timer cleared, never from inside the
//   parser. After abort() it never fires.

import type { Clock, Hal, HalError, LogSink, Net, Socket } from '../../hal/types';
import { httpError, networkError, type HttpError } from './errors';
import { ResponseParser } from './parser';
import { encodeRequest } from './request';
import type { HttpLimits, HttpPostRequest, HttpResult } from './types';
import '../features';

export const HTTP_LOG_TAG = 'http';

/** The part of the HAL an HTTP exchange uses. A full Hal fits. */
export type HttpHal = Pick<Hal, 'net' | 'clock' | 'log'>;

export interface HttpExchange {
  /** Stops the exchange: closes the socket and cancels the deadline. The callback will not fire. Idempotent. */
  abort(): void;
}

export type HttpStart = { ok: true; exchange: HttpExchange } | { ok: false; error: HttpError };

class PostExchange implements HttpExchange {
  private readonly net: Net;
  private readonly clock: Clock;
  private readonly log: LogSink;
  private readonly parser: ResponseParser;
  private readonly done: (result: HttpResult) => void;
  private socket: Socket | null = null;
  private timer = -1;
  private finished = false;
  private connected = false;
  private pending: Uint8Array | null;

  constructor(hal: HttpHal, limits: HttpLimits, bytes: Uint8Array, done: (result: HttpResult) => void) {
    this.net = hal.net;
    this.clock = hal.clock;
    this.log = hal.log;
    this.parser = new ResponseParser(limits);
    this.pending = bytes;
    this.done = done;
  }

  start(r: HttpPostRequest): void {
    const self = this;
    if (ALIOT_LOG_INFO) this.log.write('info', HTTP_LOG_TAG, "POST host: '" + r.host + "', port: " + r.port + ', path: ' + r.path + (r.tls ? ' (TLS)' : ''));
    this.timer = this.clock.setTimer(r.timeoutMs, function () {
      self.timer = -1;
      self.finish({ ok: false, error: httpError('TIMEOUT', 'no complete response within ' + r.timeoutMs + ' ms: try again later') });
    });
    this.socket = this.net.open(
      { host: r.host, port: r.port, tls: r.tls, ca: r.ca, servername: r.servername },
      {
        onConnect: function () {
          self.onConnect();
        },
        onData: function (bytes: Uint8Array) {
          self.onData(bytes);
        },
        onDrain: function () {
          self.send();
        },
        onClose: function (error: HalError | null) {
          self.onClose(error);
        },
      },
    );
  }

  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.release();
    if (ALIOT_LOG_DEBUG) this.log.write('debug', HTTP_LOG_TAG, 'exchange aborted');
  }

  private onConnect(): void {
    if (this.finished) return;
    this.connected = true;
    this.send();
  }

  /** Writes the request; on BUSY the same bytes are written again at onDrain. */
  private send(): void {
    if (this.finished || this.pending === null || this.socket === null) return;
    const error = this.socket.write(this.pending);
    if (error === null) {
      if (ALIOT_LOG_DEBUG) this.log.write('debug', HTTP_LOG_TAG, 'request sent, ' + this.pending.length + ' bytes');
      this.pending = null;
    } else if (error.code !== 'BUSY') {
      this.finish({ ok: false, error: networkError(error.code, 'sending the request failed: ' + error.message) });
    }
  }

  private onData(bytes: Uint8Array): void {
    if (this.finished) return;
    const state = this.parser.push(bytes);
    if (state !== 'more') this.finishFromParser();
  }

  private onClose(error: HalError | null): void {
    this.socket = null;
    if (this.finished) return;
    if (!this.connected) {
      const code = error === null ? undefined : error.code;
      const why = error === null ? 'the connection closed before it was established' : error.message;
      this.finish({ ok: false, error: networkError(code, 'connecting failed: ' + why) });
    } else if (error === null || error.code === 'PEER_CLOSE_NOTIFY') {
      this.parser.end();
      this.finishFromParser();
    } else {
      this.finish({ ok: false, error: networkError(error.code, 'the connection broke: ' + error.message) });
    }
  }

  private finishFromParser(): void {
    const response = this.parser.response();
    if (response !== null) {
      if (ALIOT_LOG_INFO) this.log.write('info', HTTP_LOG_TAG, 'HTTP ' + response.status + ' ' + response.reason + ', ' + response.body.length + ' body bytes');
      this.finish({ ok: true, response: response });
    } else this.finish({ ok: false, error: this.parser.error() as HttpError });
  }

  private release(): void {
    if (this.timer !== -1) this.clock.clearTimer(this.timer);
    this.timer = -1;
    const socket = this.socket;
    this.socket = null;
    this.pending = null;
    if (socket !== null) socket.close();
  }

  private finish(result: HttpResult): void {
    if (this.finished) return;
    this.finished = true;
    this.release();
    if (!result.ok) this.log.write('warn', HTTP_LOG_TAG, 'POST failed: ' + result.error.code + ': ' + result.error.message);
    this.done(result);
  }
}

/**
 * Starts one POST. Returns INVALID_REQUEST (and opens nothing) when the request cannot be sent as given;
 * otherwise `done` is called exactly once, later, with the response or a typed error — unless abort() is called
 * first.
 */
export function httpPost(hal: HttpHal, limits: HttpLimits, request: HttpPostRequest, done: (result: HttpResult) => void): HttpStart {
  const encoded = encodeRequest(request);
  if (!encoded.ok) return { ok: false, error: encoded.error };
  const exchange = new PostExchange(hal, limits, encoded.bytes, done);
  exchange.start(request);
  return { ok: true, exchange: exchange };
}
