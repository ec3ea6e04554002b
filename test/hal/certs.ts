// Certificates made at test time (through Node's WebCrypto and @peculiar/x509, with the local cloud's key
// helpers): a CA, and server certificates it issues for given DNS names. RSA-2048 by default, as Alibaba's
// endpoints serve and the only kind Espruino's mbedtls can handshake with; EC P-256 on request.
import { webcrypto } from 'node:crypto';
import { generateKeys, signingAlgorithm, x509, type KeyPair, type KeyType } from '../../scripts/cloud/tls/x509';

const DAY = 24 * 60 * 60 * 1000;

export interface TestCa {
  name: string;
  /** The CA certificate, PEM. */
  pem: string;
  keys: KeyPair;
  keyType: KeyType;
}

export interface ServerCert {
  /** Leaf certificate PEM. */
  cert: string;
  /** Its private key, PKCS#8 PEM. */
  key: string;
}

let serial = 1;
function nextSerial(): string {
  return (serial++).toString(16).padStart(2, '0');
}

export async function makeCa(name: string, keyType: KeyType = 'rsa'): Promise<TestCa> {
  const keys = await generateKeys(keyType);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    signingAlgorithm: signingAlgorithm(keyType),
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { name, pem: cert.toString('pem'), keys, keyType };
}

export async function issueServerCert(ca: TestCa, names: string[], keyType: KeyType = ca.keyType): Promise<ServerCert> {
  const keys = await generateKeys(keyType);
  const caCert = new x509.X509Certificate(ca.pem);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: `CN=${names[0]}`,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    signingAlgorithm: signingAlgorithm(ca.keyType),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value }))),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert: cert.toString('pem'), key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}
