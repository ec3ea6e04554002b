// TLS material of a data dir: <dataDir>/tls/{ca.pem, ca-key.pem, server.pem, server-key.pem}, RSA-2048 for a
// new dir (Espruino's mbedtls offers only RSA and DHE-RSA key exchange) or EC P-256 on request. The key type is
// not recorded anywhere else: it is the type of the CA certificate's public key.

import { join } from 'node:path';
import { CA_FILE, CA_KEY_FILE, loadOrCreateCa, storedCaKeyType } from './ca';
import { loadOrIssueServerCertificate, SERVER_CERT_FILE, SERVER_KEY_FILE } from './certs';
import { serverNames } from './names';
import { setAside } from './set-aside';
import { DEFAULT_KEY_TYPE, KEY_LABELS, type KeyType } from './x509';

export { serverNames, namesKey, type ServerNames } from './names';
export { CA_FILE } from './ca';
export { DEFAULT_KEY_TYPE, KEY_LABELS, KEY_TYPES, type KeyType } from './x509';

const TLS_FILES = [CA_FILE, CA_KEY_FILE, SERVER_CERT_FILE, SERVER_KEY_FILE] as const;

export interface TlsOptions {
  /**
   * Given: the dir ends up with keys of this type; a CA of another type is set aside (ca.ec.pem, …) with its
   * server certificate and replaced. Not given: the stored CA is kept whatever its type; a new dir gets RSA.
   */
  keyType?: KeyType;
}

export interface CloudTls {
  /** The CA devices trust, PEM. */
  caPem: string;
  /** Where it is stored (give this to devices and to the Node simulation board). */
  caPath: string;
  /** The server certificate (leaf) and its key, PEM. */
  cert: string;
  key: string;
  /** The key type of the CA and the server certificate. */
  keyType: KeyType;
  /** 'RSA-2048' or 'EC P-256'. */
  keyLabel: string;
  /** Files moved aside on this load because the dir changed key type (empty otherwise). */
  setAside: string[];
}

export async function loadOrCreateTls(dataDir: string, options: TlsOptions = {}): Promise<CloudTls> {
  const dir = join(dataDir, 'tls');
  const stored = storedCaKeyType(dir);
  const wanted = options.keyType;
  const moved = stored !== undefined && wanted !== undefined && stored !== wanted ? setAside(dir, TLS_FILES, stored) : [];
  const ca = await loadOrCreateCa(dir, wanted ?? DEFAULT_KEY_TYPE);
  const server = await loadOrIssueServerCertificate(dir, ca, serverNames());
  return {
    caPem: ca.pem,
    caPath: ca.path,
    cert: server.cert,
    key: server.key,
    keyType: ca.keyType,
    keyLabel: KEY_LABELS[ca.keyType],
    setAside: moved,
  };
}
