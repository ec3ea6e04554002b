// A data dir made with EC keys (before RSA became the default) keeps working as it is, says how to move, and
// moves to RSA only when asked: new CA and server certificate, the EC files kept beside them, the registry untouched.

import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleOperations, type RunningCloud } from '../../../scripts/cloud/index';
import { setAside } from '../../../scripts/cloud/tls/set-aside';
import { deviceSecretCredentials } from '../../../src/auth/index';
import { connackCode, nodeSignHal, removeDir, startTestCloud, tempDir } from './helpers';

const dataDir = tempDir();
const tlsDir = join(dataDir, 'tls');
const read = (file: string): string => readFileSync(join(tlsDir, file), 'utf8');
const keyTypeOf = (pem: string): string | undefined => new X509Certificate(pem).publicKey.asymmetricKeyType;

let productKey: string;
let deviceSecret: string;
const ec: Record<string, string> = {};

beforeAll(async () => {
  const first = await startTestCloud({ dataDir, keyType: 'ec' });
  const ops = new ConsoleOperations(first.registry, first.events);
  productKey = ops.addProduct({}).productKey;
  deviceSecret = ops.addDevices(productKey, ['move-01']).added[0].deviceSecret as string;
  await first.stop();
  for (const file of ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem']) ec[file] = read(file);
});
afterAll(() => removeDir(dataDir));

async function start(keyType?: 'rsa' | 'ec'): Promise<{ cloud: RunningCloud; lines: string[] }> {
  const lines: string[] = [];
  const cloud = await startTestCloud({ dataDir, keyType, logger: (line) => lines.push(line) });
  return { cloud, lines };
}

function loginCode(cloud: RunningCloud): Promise<number> {
  const r = deviceSecretCredentials(nodeSignHal, { productKey, deviceName: 'move-01', deviceSecret, endpoint: { region: 'cn-shanghai' } });
  if (!r.ok) throw new Error(r.error.message);
  return connackCode(cloud, r.value);
}

describe('an EC data dir', () => {
  it('keeps its EC CA, server certificate and registry when started without keyType, and prints one line on how to move', async () => {
    const { cloud, lines } = await start();
    try {
      expect(cloud.keyType).toBe('ec');
      expect(cloud.caPem).toBe(ec['ca.pem']);
      expect(read('server.pem')).toBe(ec['server.pem']);
      const notices = lines.filter((l) => l.includes('--key-type rsa'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain('EC P-256');
      expect(notices[0]).toContain('Espruino');
      expect(cloud.registry.devices.get(productKey, 'move-01')).toMatchObject({ deviceSecret });
      expect(await loginCode(cloud)).toBe(0);
    } finally {
      await cloud.stop();
    }
  });

  it("says nothing about its keys when started with keyType 'ec' explicitly", async () => {
    const { cloud, lines } = await start('ec');
    await cloud.stop();
    expect(cloud.caPem).toBe(ec['ca.pem']);
    expect(lines).toEqual([]);
  });

  it("moves to a new RSA CA and server certificate with keyType 'rsa', keeping the EC files beside them and the registry", async () => {
    const { cloud, lines } = await start('rsa');
    try {
      expect(cloud.keyType).toBe('rsa');
      expect(keyTypeOf(cloud.caPem)).toBe('rsa');
      expect(keyTypeOf(read('server.pem'))).toBe('rsa');
      expect(new X509Certificate(read('server.pem')).verify(new X509Certificate(cloud.caPem).publicKey)).toBe(true);
      expect(read('ca.ec.pem')).toBe(ec['ca.pem']);
      expect(read('ca-key.ec.pem')).toBe(ec['ca-key.pem']);
      expect(read('server.ec.pem')).toBe(ec['server.pem']);
      expect(read('server-key.ec.pem')).toBe(ec['server-key.pem']);
      expect(statSync(join(tlsDir, 'ca-key.ec.pem')).mode & 0o077).toBe(0);
      expect(lines.some((l) => l.includes('RSA-2048') && l.includes('ca.ec.pem'))).toBe(true);
      expect(cloud.registry.products.get(productKey)).toBeDefined();
      expect(cloud.registry.devices.get(productKey, 'move-01')).toMatchObject({ deviceSecret });
      expect(await loginCode(cloud)).toBe(0);
    } finally {
      await cloud.stop();
    }
  });

  it('stays RSA once moved: a start without keyType keeps the RSA CA and prints no notice', async () => {
    const rsaCa = read('ca.pem');
    const { cloud, lines } = await start();
    await cloud.stop();
    expect(cloud.caPem).toBe(rsaCa);
    expect(lines).toEqual([]);
    expect(readdirSync(tlsDir).sort()).toEqual(['ca-key.ec.pem', 'ca-key.pem', 'ca.ec.pem', 'ca.pem', 'server-key.ec.pem', 'server-key.pem', 'server.ec.pem', 'server.pem']);
  });
});

describe('setting TLS files aside', () => {
  it('never overwrites an earlier set-aside file: a later move numbers the whole set', () => {
    const dir = join(tempDir(), 'tls');
    mkdirSync(dir);
    try {
      writeFileSync(join(dir, 'ca.pem'), 'first');
      writeFileSync(join(dir, 'ca-key.pem'), 'first key');
      expect(setAside(dir, ['ca.pem', 'ca-key.pem', 'server.pem'], 'ec')).toEqual([join(dir, 'ca.ec.pem'), join(dir, 'ca-key.ec.pem')]);
      writeFileSync(join(dir, 'ca.pem'), 'second');
      writeFileSync(join(dir, 'server.pem'), 'second server');
      expect(setAside(dir, ['ca.pem', 'ca-key.pem', 'server.pem'], 'ec')).toEqual([join(dir, 'ca.ec.2.pem'), join(dir, 'server.ec.2.pem')]);
      expect(readFileSync(join(dir, 'ca.ec.pem'), 'utf8')).toBe('first');
      expect(readFileSync(join(dir, 'ca.ec.2.pem'), 'utf8')).toBe('second');
      expect(existsSync(join(dir, 'ca.pem'))).toBe(false);
    } finally {
      removeDir(join(dir, '..'));
    }
  });
});
