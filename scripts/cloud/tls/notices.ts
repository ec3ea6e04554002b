// What the cloud says about its TLS keys at start: that an EC dir is one Espruino cannot connect to, and what a
// move to another key type did with the old files.

import { basename, dirname } from 'node:path';
import type { CloudTls } from './index';
import { KEY_LABELS, type KeyType } from './x509';

/** Lines for the start output; none when there is nothing to act on. */
export function tlsNotices(tls: CloudTls, requested: KeyType | undefined): string[] {
  const dir = dirname(tls.caPath);
  if (tls.setAside.length > 0) {
    const previous = tls.keyType === 'rsa' ? 'ec' : 'rsa';
    return [
      `TLS keys moved from ${KEY_LABELS[previous]} to ${tls.keyLabel}: new CA ${tls.caPath} (devices that trusted the old CA need this one); ` +
        `the old files are kept in ${dir} as ${tls.setAside.map((p) => basename(p)).join(', ')}`,
    ];
  }
  if (tls.keyType === 'ec' && requested === undefined) {
    // Espruino's mbedtls offers only RSA and DHE-RSA key exchange: no ECDHE, no ECDSA.
    return [
      `TLS keys in ${dir} are ${tls.keyLabel}, which Espruino's TLS cannot handshake (mbedtls_ssl_handshake -0x7780 on the board); ` +
        `start with --key-type rsa to replace them with RSA-2048 (the EC files are kept beside them as *.ec.pem)`,
    ];
  }
  return [];
}
