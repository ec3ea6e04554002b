import type { HalError, HalErrorCode } from '../types';
import { errorCode } from './fs-errors';

// Certificate verification failures as Node/OpenSSL name them (error.code on the TLS socket's 'error').
const VERIFY_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const ERRNO: Record<string, HalErrorCode> = {
  ECONNREFUSED: 'REFUSED',
  ENOTFOUND: 'DNS',
  EAI_AGAIN: 'DNS',
  EAI_FAIL: 'DNS',
  EAI_NONAME: 'DNS',
  EAI_NODATA: 'DNS',
  ECONNRESET: 'RESET',
  ECONNABORTED: 'RESET',
  EPIPE: 'RESET',
  ETIMEDOUT: 'TIMEOUT',
};

const REMEDY: Partial<Record<HalErrorCode, string>> = {
  REFUSED: 'is the server running on that port (or the host map pointing at it)?',
  DNS: 'check the host name, or map it with the board host map',
  TLS_VERIFY: 'the server certificate does not chain to the configured CA list or does not name this host',
  TLS_HANDSHAKE: 'the server does not speak compatible TLS on this port',
};

/**
 * A Node socket error as the HAL reports it. `tls` and `connected` say where it happened: TLS errors
 * before the handshake completed are handshake failures, afterwards plain I/O errors.
 */
export function mapSocketError(error: unknown, tls: boolean, connected: boolean): HalError {
  const code = errorCode(error) ?? '';
  const detail = (error as { message?: string } | null)?.message ?? String(error);
  let mapped: HalErrorCode = ERRNO[code] ?? 'IO';
  if (tls && (VERIFY_CODES.has(code) || code.startsWith('ERR_TLS_CERT') || code.startsWith('CERT_'))) {
    mapped = 'TLS_VERIFY';
  } else if (tls && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) {
    mapped = connected ? 'IO' : 'TLS_HANDSHAKE';
  }
  const remedy = REMEDY[mapped];
  return { code: mapped, message: `${detail}${code ? ` (${code})` : ''}${remedy ? `: ${remedy}` : ''}` };
}
