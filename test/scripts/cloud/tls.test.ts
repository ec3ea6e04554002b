// The local CA and server certificate: kept in the data dir, trusted for the real Alibaba names of every region,
// re-issued only when needed.

import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkServerIdentity } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateTls, type CloudTls } from '../../../scripts/cloud/index';
import { loadOrCreateCa } from '../../../scripts/cloud/tls/ca';
import { loadOrIssueServerCertificate } from '../../../scripts/cloud/tls/certs';
import { REGIONS } from '../../../src/auth/index';
import { removeDir, tempDir } from './helpers';

const dir = tempDir();
let tls: CloudTls;

beforeAll(async () => {
  tls = await loadOrCreateTls(dir);
});
afterAll(() => removeDir(dir));

function identityError(host: string): Error | undefined {
  const cert = new X509Certificate(tls.cert);
  return checkServerIdentity(host, { subjectaltname: cert.subjectAltName, subject: {} } as never);
}

describe('cloud TLS', () => {
  it('issues the server certificate from the exported CA', () => {
    const ca = new X509Certificate(tls.caPem);
    expect(ca.ca).toBe(true);
    expect(new X509Certificate(tls.cert).verify(ca.publicKey)).toBe(true);
    expect(readFileSync(tls.caPath, 'utf8')).toBe(tls.caPem);
    expect(statSync(join(dir, 'tls', 'ca-key.pem')).mode & 0o077).toBe(0);
  });

  it('covers iot-auth and *.iot-as-mqtt of every region, *.mqtt.iothub, localhost and 127.0.0.1', () => {
    for (const region of REGIONS) {
      expect(identityError(`iot-auth.${region}.aliyuncs.com`), region).toBeUndefined();
      expect(identityError(`a1ExpAkj9Hi.iot-as-mqtt.${region}.aliyuncs.com`), region).toBeUndefined();
    }
    expect(identityError('iot-cn-abc123.mqtt.iothub.aliyuncs.com')).toBeUndefined();
    expect(identityError('localhost')).toBeUndefined();
    expect(identityError('127.0.0.1')).toBeUndefined();
    expect(identityError('iot-auth.example.com')).toBeDefined();
    expect(identityError('a.b.iot-as-mqtt.cn-shanghai.aliyuncs.com')).toBeDefined();
  });

  it('loads the same CA and certificate on the next start', async () => {
    const again = await loadOrCreateTls(dir);
    expect(again.caPem).toBe(tls.caPem);
    expect(again.cert).toBe(tls.cert);
  });

  it('re-issues the server certificate when the names change, keeping the CA', async () => {
    const ca = await loadOrCreateCa(join(dir, 'tls'));
    const other = await loadOrIssueServerCertificate(join(dir, 'tls'), ca, { dns: ['only.example.test'], ips: [] });
    expect(other.cert).not.toBe(tls.cert);
    const restored = await loadOrCreateTls(dir);
    expect(restored.caPem).toBe(tls.caPem);
    expect(new X509Certificate(restored.cert).subjectAltName).toContain('iot-auth.cn-shanghai.aliyuncs.com');
  });
});
