// The local CA: made once per data dir and kept (ca.pem, ca-key.pem), so devices and host maps that trust it
// keep working across restarts.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAY_MS, generateKeys, importPrivateKey, privateKeyPem, randomSerial, x509, ALG, type Key } from './x509';

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
}

async function createCa(): Promise<{ pem: string; keyPem: string }> {
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: CA_NAME,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + CA_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { pem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

/** The CA of a TLS dir, created when absent or expired. */
export async function loadOrCreateCa(dir: string): Promise<LocalCa> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, CA_FILE);
  const keyPath = join(dir, CA_KEY_FILE);
  let pem: string;
  let keyPem: string;
  if (existsSync(path) && existsSync(keyPath) && !expired(readFileSync(path, 'utf8'))) {
    pem = readFileSync(path, 'utf8');
    keyPem = readFileSync(keyPath, 'utf8');
  } else {
    ({ pem, keyPem } = await createCa());
    writeFileSync(keyPath, keyPem, { mode: 0o600 });
    writeFileSync(path, pem);
  }
  const certificate = new x509.X509Certificate(pem);
  return { pem, path, certificate, privateKey: await importPrivateKey(keyPem), publicKey: await certificate.publicKey.export() };
}

function expired(pem: string): boolean {
  try {
    return new x509.X509Certificate(pem).notAfter.getTime() < Date.now() + DAY_MS;
  } catch {
    return true;
  }
}
