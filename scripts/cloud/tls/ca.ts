// The local CA: made once per data dir and kept (ca.pem, ca-key.pem), so devices and host maps that trust it
// keep working across restarts. Its key type (RSA-2048 or EC P-256) is read from the certificate itself.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DAY_MS,
  DEFAULT_KEY_TYPE,
  certificateKeyType,
  generateKeys,
  importPrivateKey,
  importPublicKey,
  privateKeyPem,
  randomSerial,
  signingAlgorithm,
  x509,
  type Key,
  type KeyType,
} from './x509';

export const CA_FILE = 'ca.pem';
export const CA_KEY_FILE = 'ca-key.pem';

const CA_NAME = 'CN=aliot local cloud CA, O=aliot';
const CA_VALIDITY_DAYS = 3650;

export interface LocalCa {
  /** The CA certificate, PEM: what devices trust. */
  pem: string;
  /** Where it is stored. */
  path: string;
  certificate: x509.X509Certificate;
  privateKey: Key;
  publicKey: Key;
  /** The type of the CA's key; certificates it issues get keys of the same type. */
  keyType: KeyType;
}

async function createCa(keyType: KeyType): Promise<{ pem: string; keyPem: string }> {
  const keys = await generateKeys(keyType);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: CA_NAME,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + CA_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: signingAlgorithm(keyType),
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { pem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

/** The CA PEM stored in a TLS dir when it is there with its key and not (nearly) expired. */
function storedCaPem(dir: string): string | undefined {
  const path = join(dir, CA_FILE);
  if (!existsSync(path) || !existsSync(join(dir, CA_KEY_FILE))) return undefined;
  const pem = readFileSync(path, 'utf8');
  return expired(pem) ? undefined : pem;
}

/** The key type of the CA a TLS dir holds, or undefined when it holds none that would be kept. */
export function storedCaKeyType(dir: string): KeyType | undefined {
  const pem = storedCaPem(dir);
  return pem === undefined ? undefined : certificateKeyType(pem);
}

/**
 * The CA of a TLS dir: the stored one whatever its key type, or a new one with a `keyType` key when it is absent
 * or expired. (Moving a dir to another key type is loadOrCreateTls's job: it sets the old files aside first.)
 */
export async function loadOrCreateCa(dir: string, keyType: KeyType = DEFAULT_KEY_TYPE): Promise<LocalCa> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, CA_FILE);
  const keyPath = join(dir, CA_KEY_FILE);
  let pem = storedCaPem(dir);
  let keyPem: string;
  if (pem !== undefined) {
    keyPem = readFileSync(keyPath, 'utf8');
  } else {
    ({ pem, keyPem } = await createCa(keyType));
    writeFileSync(keyPath, keyPem, { mode: 0o600 });
    writeFileSync(path, pem, { mode: 0o600 });
  }
  const certificate = new x509.X509Certificate(pem);
  let privateKey: { key: Key; type: KeyType };
  try {
    privateKey = await importPrivateKey(keyPem);
  } catch (error) {
    throw new Error(`${keyPath}: ${(error as Error).message}`);
  }
  if (certificateKeyType(pem) !== privateKey.type) throw new Error(`${keyPath} does not hold the key of ${path}`);
  return { pem, path, certificate, privateKey: privateKey.key, publicKey: await importPublicKey(certificate, privateKey.type), keyType: privateKey.type };
}

function expired(pem: string): boolean {
  try {
    return new x509.X509Certificate(pem).notAfter.getTime() < Date.now() + DAY_MS;
  } catch {
    return true;
  }
}
