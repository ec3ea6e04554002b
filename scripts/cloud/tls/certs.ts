// The server certificate of the HTTPS endpoint and both MQTT listeners, issued by the local CA and kept
// (server.pem, server-key.pem). Re-issued when missing, not from the current CA, close to expiry, not covering the
// current name list, or holding a key of another type than the CA's (RSA-2048 or EC P-256).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCa } from './ca';
import { namesKey, type ServerNames } from './names';
import { DAY_MS, certificateKeyType, generateKeys, privateKeyPem, randomSerial, signingAlgorithm, x509, type KeyType } from './x509';

export const SERVER_CERT_FILE = 'server.pem';
export const SERVER_KEY_FILE = 'server-key.pem';

const SERVER_VALIDITY_DAYS = 825;
const RENEW_BEFORE_DAYS = 30;

export interface ServerCertificate {
  cert: string;
  key: string;
}

/**
 * digitalSignature for (EC)DHE; an RSA key also needs keyEncipherment, because a client that uses plain RSA key
 * exchange (Espruino's mbedtls may) encrypts the premaster secret to it.
 */
function serverKeyUsage(keyType: KeyType): number {
  const flags = x509.KeyUsageFlags;
  return keyType === 'rsa' ? flags.digitalSignature | flags.keyEncipherment : flags.digitalSignature;
}

async function issue(ca: LocalCa, names: ServerNames): Promise<ServerCertificate> {
  const keys = await generateKeys(ca.keyType);
  const sans = [
    ...names.dns.map((value) => ({ type: 'dns' as const, value })),
    ...names.ips.map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${names.dns[0]}, O=aliot local cloud`,
    issuer: ca.certificate.subject,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + SERVER_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: signingAlgorithm(ca.keyType),
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(serverKeyUsage(ca.keyType), true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(sans),
      await x509.AuthorityKeyIdentifierExtension.create(ca.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

/** The names a certificate covers, in namesKey form. */
export function certificateNamesKey(cert: x509.X509Certificate): string {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const dns: string[] = [];
  const ips: string[] = [];
  for (const name of san ? san.names.items : []) {
    if (name.type === 'dns') dns.push(name.value);
    if (name.type === 'ip') ips.push(name.value);
  }
  return namesKey({ dns, ips });
}

async function stillGood(pem: string, ca: LocalCa, names: ServerNames): Promise<boolean> {
  try {
    if (certificateKeyType(pem) !== ca.keyType) return false;
    const cert = new x509.X509Certificate(pem);
    if (cert.issuer !== ca.certificate.subject) return false;
    if (!(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }))) return false;
    if (cert.notAfter.getTime() < Date.now() + RENEW_BEFORE_DAYS * DAY_MS) return false;
    return certificateNamesKey(cert) === namesKey(names);
  } catch {
    return false;
  }
}

/** The server certificate of a TLS dir, issued by `ca` for `names`. */
export async function loadOrIssueServerCertificate(dir: string, ca: LocalCa, names: ServerNames): Promise<ServerCertificate> {
  const certPath = join(dir, SERVER_CERT_FILE);
  const keyPath = join(dir, SERVER_KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    if (await stillGood(cert, ca, names)) return { cert, key: readFileSync(keyPath, 'utf8') };
  }
  const issued = await issue(ca, names);
  writeFileSync(keyPath, issued.key, { mode: 0o600 });
  writeFileSync(certPath, issued.cert, { mode: 0o600 });
  return issued;
}
