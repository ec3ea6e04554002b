import * as tls from 'node:tls';

/**
 * TLS client contexts by trusted CA list. tls.connect({ ca }) builds a new SecureContext on every call: it parses
 * the PEM text and makes an OpenSSL SSL_CTX with its own certificate store, about 1 ms of CPU per handshake and
 * about 20 KiB of native memory per live socket. A context holds only what to trust (no client key, and Node keeps
 * no client session cache inside it), so every socket — of every board in the process — that trusts the same CAs
 * shares one. Certificate and name checks stay per socket (rejectUnauthorized, checkServerIdentity).
 */
export const MAX_CONTEXTS = 8;

const contexts = new Map<string, tls.SecureContext>();

/** The shared context trusting exactly `ca` (Node's root store when absent); throws as createSecureContext does. */
export function secureContextFor(ca: readonly string[] | undefined): tls.SecureContext {
  const key = ca === undefined ? '' : ca.join('\n');
  let context = contexts.get(key);
  if (context === undefined) {
    context = tls.createSecureContext(ca === undefined ? {} : { ca: [...ca] });
    // Bounded: a process that cycles through many CA lists drops the oldest context (its sockets keep it alive).
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value as string);
    contexts.set(key, context);
  }
  return context;
}

/** Contexts held now (tests). */
export function secureContextCount(): number {
  return contexts.size;
}
