// TLS material of a data dir: <dataDir>/tls/{ca.pem, ca-key.pem, server.pem, server-key.pem}.

import { join } from 'node:path';
import { loadOrCreateCa } from './ca';
import { loadOrIssueServerCertificate } from './certs';
import { serverNames } from './names';

export { serverNames, namesKey, type ServerNames } from './names';
export { CA_FILE } from './ca';

export interface CloudTls {
  /** The CA devices trust, PEM. */
  caPem: string;
  /** Where it is stored (give this to devices and to the Node simulation board). */
  caPath: string;
  /** The server certificate (leaf) and its key, PEM. */
  cert: string;
  key: string;
}

export async function loadOrCreateTls(dataDir: string): Promise<CloudTls> {
  const dir = join(dataDir, 'tls');
  const ca = await loadOrCreateCa(dir);
  const server = await loadOrIssueServerCertificate(dir, ca, serverNames());
  return { caPem: ca.pem, caPath: ca.path, cert: server.cert, key: server.key };
}
