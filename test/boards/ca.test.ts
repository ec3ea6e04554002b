import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alibabaCloudBundle, caRoots } from '../../boards/ca';

// SHA-256 fingerprints from spec/protocol.md §5 (TLS trust). The spec abbreviates R6's; the full value is
// the one in the Mozilla root store, and its ends are checked against the spec below.
const EXPECTED: Record<string, { subjectCN: string; sha256: string }> = {
  'globalsign-r1': {
    subjectCN: 'GlobalSign Root CA',
    sha256: 'EB:D4:10:40:E4:BB:3E:C7:42:C9:E3:81:D3:1E:F2:A4:1A:48:B6:68:5C:96:E7:CE:F3:C1:DF:6C:D4:33:1C:99',
  },
  'globalsign-r6': {
    subjectCN: 'GlobalSign',
    sha256: '2C:AB:EA:FE:37:D0:6C:A2:2A:BA:73:91:C0:03:3D:25:98:29:52:C4:53:64:73:49:76:3A:3A:B5:AD:6C:CF:69',
  },
};
const ALIYUN_IOT_ROOT_SHA256 =
  '7C:A4:38:A3:97:6B:52:42:D2:31:F8:61:49:98:22:DA:85:58:31:38:27:35:83:6B:36:1E:7E:97:15:66:16:76';

const here = dirname(fileURLToPath(import.meta.url));
const protocolMd = resolve(here, '../../../shared/spec/protocol.md');

describe('boards/ca', () => {
  it('every bundled root has the SHA-256 fingerprint spec/protocol.md §5 gives for it', () => {
    for (const [name, pem] of Object.entries(caRoots)) {
      const expected = EXPECTED[name] ?? (name.startsWith('aliyun') ? { subjectCN: 'Aliyun IoT Root CA', sha256: ALIYUN_IOT_ROOT_SHA256 } : undefined);
      expect(expected, `no fingerprint known for ${name}`).toBeDefined();
      const cert = new X509Certificate(pem);
      expect(cert.fingerprint256).toBe(expected!.sha256);
      expect(cert.subject).toContain(`CN=${expected!.subjectCN}`);
      expect(cert.ca).toBe(true);
    }
  });

  it.skipIf(!existsSync(protocolMd))('the expected fingerprints are the ones written in spec/protocol.md §5', () => {
    const text = readFileSync(protocolMd, 'utf8');
    const section = text.slice(text.indexOf('## 5'), text.indexOf('## 6'));
    expect(section).toContain(EXPECTED['globalsign-r1'].sha256);
    const r6 = EXPECTED['globalsign-r6'].sha256;
    expect(section).toContain(`${r6.slice(0, 11)}:…:${r6.slice(-11)}`);
    expect(section).toContain(ALIYUN_IOT_ROOT_SHA256);
  });

  it('the Alibaba bundle names only roots that exist, R1 first', () => {
    expect(alibabaCloudBundle[0]).toBe('globalsign-r1');
    for (const name of alibabaCloudBundle) expect(caRoots[name]).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
  });

  it('R1 and R6 are still within their validity periods', () => {
    for (const name of ['globalsign-r1', 'globalsign-r6']) {
      const cert = new X509Certificate(caRoots[name]);
      expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now());
    }
  });
});
