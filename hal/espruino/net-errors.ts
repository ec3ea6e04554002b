// How Espruino reports socket failures, as HAL errors. Espruino signals them three ways
// (libs/network/socketserver.c, jswrap_net.c, network.c):
// - connect() throws: "Unable to locate host" (DNS) or "Unable to create socket" (refused on ESP32's
//   blocking connect, no route, or TLS setup failed — often not enough memory for mbedtls);
// - an 'error' event {code, message} before 'close': socket codes -2…-15 (socketerrors.h) or a negative
//   mbedtls code, e.g. -30848 (MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) when a TLS peer closes (spec §1b);
// - 'close' with no 'error' (code -1 is "not really an error"): a clean close, or a connection that never
//   came up, or — on TLS — a failed handshake, which Espruino only prints on the console.
import type { HalError, HalErrorCode } from '../types';
import { thrownMessage } from './natives';

/** MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY */
export const PEER_CLOSE_NOTIFY_CODE = -30848;

/** Espruino's socket error codes (libs/network/socketerrors.h); anything below is an mbedtls code. */
const LAST_SOCKET_ERROR = -15;

export interface ErrorEvent {
  code: number;
  message: string;
}

/** Where the socket was when it failed. */
export interface SocketPhase {
  tls: boolean;
  /** 'connect' was emitted. */
  connected: boolean;
  /** Bytes received so far. */
  received: number;
}

const REMEDY: { [code: string]: string } = {
  REFUSED: ': is the server running there (or the host map pointing at it)?',
  DNS: ': check the host name',
  TIMEOUT: ': the server did not answer in time',
};

function halError(code: HalErrorCode, message: string): HalError {
  return { code: code, message: message };
}

function socketCode(code: number, phase: SocketPhase): HalErrorCode {
  switch (code) {
    case -3:
      return 'TIMEOUT';
    case -4:
      return 'REFUSED'; // no route
    case -6:
      return 'DNS';
    case -7:
      return 'LIMIT'; // max sockets
    case -8:
    case -15:
      return 'RESET'; // unsent data, no response
    case -9:
    case -11:
      return phase.connected ? 'RESET' : 'REFUSED'; // "connection reset (or refused)", no connection
    case -13:
    case -14:
      return 'TLS_HANDSHAKE';
    default:
      return 'IO';
  }
}

/** The HAL error for an Espruino 'error' event. */
export function mapErrorEvent(event: ErrorEvent, phase: SocketPhase): HalError {
  const code = typeof event.code === 'number' ? event.code : 0;
  const detail = 'Espruino socket error ' + code + (event.message ? ' (' + event.message + ')' : '');
  if (code === PEER_CLOSE_NOTIFY_CODE) {
    return halError('PEER_CLOSE_NOTIFY', detail + ': the TLS peer closed the connection (normal after a complete reply)');
  }
  if (code < LAST_SOCKET_ERROR) {
    return halError('TLS_HANDSHAKE', detail + ': an mbedtls failure; the server may not speak TLS 1.2 with a cipher Espruino offers');
  }
  const mapped = socketCode(code, phase);
  return halError(mapped, detail + (REMEDY[mapped] || ''));
}

/** The HAL error for a 'close' that came without an 'error' event, or null for an orderly close. */
export function mapSilentClose(phase: SocketPhase): HalError | null {
  if (!phase.connected) {
    return halError('REFUSED', 'the connection never came up (refused, unreachable or timed out): is the server running there?');
  }
  if (phase.tls && phase.received === 0) {
    return halError(
      'TLS_HANDSHAKE',
      'the TLS connection closed before any data arrived; Espruino reports a failed handshake this way ' +
        '(the console shows "mbedtls_ssl_handshake returned …")',
    );
  }
  return null;
}

/** The HAL error for an exception thrown by require("net"|"tls").connect. */
export function mapConnectThrow(thrown: unknown, tls: boolean): HalError {
  const message = thrownMessage(thrown);
  if (message.indexOf('Unable to locate host') >= 0) {
    return halError('DNS', message + ': check the host name (and that Wi-Fi is connected)');
  }
  if (message.indexOf('Unable to create socket') >= 0) {
    return halError(
      'REFUSED',
      message +
        (tls
          ? ': connection refused, or no memory for TLS (close other TLS sockets; see ESP32.getState().freeHeap)'
          : ': connection refused or no route to the host'),
    );
  }
  return halError('IO', 'connect failed: ' + message);
}
