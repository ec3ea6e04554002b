// The cloud's TLS keys: RSA-2048 by default (Espruino's mbedtls offers only RSA and DHE-RSA key exchange, no
// ECDHE and no ECDSA), EC P-256 on request, the same certificate on HTTPS and MQTT, and a server certificate of
// the wrong key type re-issued.

import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type PeerCertificate } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateTls, type RunningCloud } from '../../../scripts/cloud/index';
import { loadOrCreateCa } from '../../../scripts/cloud/tls/ca';
import { loadOrIssueServerCertificate, SERVER_CERT_FILE, SERVER_KEY_FILE } from '../../../scripts/cloud/tls/certs';
import { serverNames } from '../../../scripts/cloud/tls/names';
import { DAY_MS, generateKeys, privateKeyPem, randomSerial, signingAlgorithm, x509 } from '../../../scripts/cloud/tls/x509';
import { AUTH_HOST, mqttHost, removeDir, startTestCloud, tempDir } from './helpers';

const dirs: string[] = [];
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach(removeDir));

interface Peer {
  certificate: PeerCertificate;
  x509: X509Certificate;
  protocol: string | null;
}

/** A verified TLS handshake with Node's tls to one of the cloud's ports; the certificate it was shown. */
function handshake(cloud: RunningCloud, port: number, servername: string): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca: cloud.caPem }, () => {
      const peer = { certificate: socket.getPeerCertificate(), x509: socket.getPeerX509Certificate() as X509Certificate, protocol: socket.getProtocol() };
      socket.end();
      resolve(peer);
    });
    socket.on('error', reject);
  });
}

describe('cloud TLS key type', () => {
  it('gives a new data dir an RSA-2048 CA and server certificate, signed with SHA-256, served on HTTPS and MQTT', async () => {
    const cloud = await startTestCloud({ dataDir: dir() });
    try {
      expect(cloud.keyType).toBe('rsa');
      expect(cloud.keyLabel).toBe('RSA-2048');
      const ca = new X509Certificate(cloud.caPem);
      expect(ca.publicKey.asymmetricKeyType).toBe('rsa');
      expect(ca.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(new x509.X509Certificate(cloud.caPem).signatureAlgorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });

      const https = await handshake(cloud, cloud.httpsPort, AUTH_HOST);
      expect(https.x509.publicKey.asymmetricKeyType).toBe('rsa');
      expect(https.certificate.bits).toBe(2048);
      expect(https.certificate.asn1Curve).toBeUndefined();
      expect(https.x509.verify(ca.publicKey)).toBe(true);
      expect(new x509.X509Certificate(https.x509.raw).signatureAlgorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });

      const mqtt = await handshake(cloud, cloud.mqttTlsPort, mqttHost('a1KeyType01'));
      expect(mqtt.x509.fingerprint256).toBe(https.x509.fingerprint256);
    } finally {
      await cloud.stop();
    }
  });

  it('gives the RSA server certificate keyEncipherment as well as digitalSignature (plain RSA key exchange needs it)', async () => {
    const tls = await loadOrCreateTls(dir());
    const usage = new x509.X509Certificate(tls.cert).getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
    expect(usage & x509.KeyUsageFlags.keyEncipherment).toBeTruthy();
    expect(usage & x509.KeyUsageFlags.digitalSignature).toBeTruthy();
  });

  it("gives EC P-256 with keyType 'ec'", async () => {
    const cloud = await startTestCloud({ dataDir: dir(), keyType: 'ec' });
    try {
      expect(cloud.keyType).toBe('ec');
      expect(cloud.keyLabel).toBe('EC P-256');
      expect(new X509Certificate(cloud.caPem).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      const https = await handshake(cloud, cloud.httpsPort, AUTH_HOST);
      expect(https.x509.publicKey.asymmetricKeyType).toBe('ec');
      expect(https.certificate.asn1Curve).toBe('prime256v1');
    } finally {
      await cloud.stop();
    }
  });

  it("re-issues a server certificate whose key type is not the CA's, even when its issuer, signature, names and dates are good", async () => {
    const tls = join(dir(), 'tls');
    const ca = await loadOrCreateCa(tls, 'rsa');
    const names = serverNames();
    const ecKeys = await generateKeys('ec');
    const ecLeaf = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `CN=${names.dns[0]}`,
      issuer: ca.certificate.subject,
      notBefore: new Date(Date.now() - DAY_MS),
      notAfter: new Date(Date.now() + 400 * DAY_MS),
      signingAlgorithm: signingAlgorithm('rsa'),
      publicKey: ecKeys.publicKey,
      signingKey: ca.privateKey,
      extensions: [
        new x509.SubjectAlternativeNameExtension([
          ...names.dns.map((value) => ({ type: 'dns' as const, value })),
          ...names.ips.map((value) => ({ type: 'ip' as const, value })),
        ]),
      ],
    });
    expect(await ecLeaf.verify({ publicKey: ca.publicKey, signatureOnly: true })).toBe(true);
    writeFileSync(join(tls, SERVER_CERT_FILE), ecLeaf.toString('pem'));
    writeFileSync(join(tls, SERVER_KEY_FILE), await privateKeyPem(ecKeys.privateKey));

    const issued = await loadOrIssueServerCertificate(tls, ca, names);
    expect(issued.cert).not.toBe(ecLeaf.toString('pem'));
    expect(new X509Certificate(issued.cert).publicKey.asymmetricKeyType).toBe('rsa');
    expect(readFileSync(join(tls, SERVER_CERT_FILE), 'utf8')).toBe(issued.cert);
  });
});
