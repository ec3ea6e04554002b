import type { HalError, SocketOptions } from '../types';

/**
 * What a scripted peer presents in its TLS handshake. The mock does no cryptography: a certificate is
 * modelled by the CA that issued it (any string: a PEM text, so tests can share CA fixtures with hal/node,
 * or a short id) and the names it is valid for ('*.example.com' covers one label).
 */
export interface MockTlsIdentity {
  /** The issuing CA: trusted when the device's CA list (or the board's default trust) contains it. */
  ca: string;
  /** DNS names the certificate covers. */
  names: string[];
  /** The handshake itself fails (e.g. no shared cipher, protocol version). */
  failHandshake?: boolean;
}

/** Why the handshake with this peer fails for these socket options, or null when it succeeds. */
export function tlsOutcome(
  peer: MockTlsIdentity | undefined,
  options: SocketOptions,
  verifies: boolean,
  defaultTrust: string[],
): HalError | null {
  if (!peer) return { code: 'TLS_HANDSHAKE', message: 'the server does not speak TLS on this port' };
  if (peer.failHandshake) return { code: 'TLS_HANDSHAKE', message: 'TLS handshake failed (scripted)' };
  if (!verifies) return null;
  const trust = options.ca && options.ca.length ? options.ca : defaultTrust;
  if (!trust.some((ca) => sameCa(ca, peer.ca))) {
    return { code: 'TLS_VERIFY', message: 'the server certificate is not issued by a trusted CA' };
  }
  const name = options.servername ?? options.host;
  if (!peer.names.some((pattern) => nameMatches(pattern, name))) {
    return { code: 'TLS_VERIFY', message: `the server certificate is not valid for ${name}` };
  }
  return null;
}

/** DNS-name match as TLS does it: case-insensitive; a leading '*.' stands for exactly one label. */
export function nameMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  const n = name.toLowerCase();
  if (!p.startsWith('*.')) return p === n;
  const dot = n.indexOf('.');
  return dot > 0 && n.slice(dot + 1) === p.slice(2);
}

function sameCa(a: string, b: string): boolean {
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}
