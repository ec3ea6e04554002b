// 50 simultaneous HTTPS registrations of one device: each is serialized by the registry's write lock and, per
// the activation rule, supersedes the one before, so exactly one secret is left in the registry and exactly
// one of the 50 answers logs in.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { deviceSecretCredentials } from '../../../src/auth/index';
import { connackCode, nodeSignHal, register, removeDir, startTestCloud } from './helpers';

const N = 50;
let cloud: RunningCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});

afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

describe('concurrent registration', () => {
  it(`${N} simultaneous registrations of one device yield exactly one usable secret`, async () => {
    const product = cloud.registry.products.add({ dynamicRegistration: true }, Date.now());
    const pk = product.productKey;
    cloud.registry.devices.add(pk, ['race-01'], Date.now());
    const replies = await Promise.all(Array.from({ length: N }, () => register(cloud, pk, 'race-01', product.productSecret)));
    const secrets = replies.filter((r) => r.json.code === 200).map((r) => r.json.data.deviceSecret as string);
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(secrets).toHaveLength(N);
    expect(new Set(secrets).size).toBe(N);

    const stored = cloud.registry.devices.get(pk, 'race-01')?.deviceSecret;
    expect(secrets).toContain(stored);

    const codes: number[] = [];
    for (const secret of secrets) {
      const creds = deviceSecretCredentials(nodeSignHal, { productKey: pk, deviceName: 'race-01', deviceSecret: secret });
      if (!creds.ok) throw new Error(creds.error.message);
      codes.push(await connackCode(cloud, creds.value));
    }
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c !== 0).every((c) => c === 4)).toBe(true);
    expect(secrets[codes.indexOf(0)]).toBe(stored);
    // Activated now: every further registration is refused.
    const after = await Promise.all(Array.from({ length: 5 }, () => register(cloud, pk, 'race-01', product.productSecret)));
    expect(after.map((r) => r.json.code)).toEqual([6289, 6289, 6289, 6289, 6289]);
  });

  it('a registration racing the first login cannot leave two working secrets', async () => {
    const product = cloud.registry.products.add({ dynamicRegistration: true }, Date.now());
    const pk = product.productKey;
    cloud.registry.devices.add(pk, ['race-02'], Date.now());
    const first = (await register(cloud, pk, 'race-02', product.productSecret)).json.data.deviceSecret as string;
    const creds = deviceSecretCredentials(nodeSignHal, { productKey: pk, deviceName: 'race-02', deviceSecret: first });
    if (!creds.ok) throw new Error(creds.error.message);
    const [code, reply] = await Promise.all([connackCode(cloud, creds.value), register(cloud, pk, 'race-02', product.productSecret)]);
    if (code === 0) {
      expect(reply.json.code).toBe(6289);
    } else {
      expect(code).toBe(4);
      expect(reply.json.code).toBe(200);
      expect(cloud.registry.devices.get(pk, 'race-02')?.deviceSecret).toBe(reply.json.data.deviceSecret);
    }
  });
});
