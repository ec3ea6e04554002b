// POST /auth/register/device (protocol.md §1) with Node's https client: the answer shapes, the sign check, and the
// activation rules (re-registration before activation supersedes the secret; after activation 6289 until reset).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { deviceSecretCredentials } from '../../../src/auth/index';
import { connackCode, dynregBody, httpsPost, nodeSignHal, register, removeDir, startTestCloud } from './helpers';

let cloud: RunningCloud;
let pk: string;
let ps: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  const product = cloud.registry.products.add({ dynamicRegistration: true }, Date.now());
  pk = product.productKey;
  ps = product.productSecret;
  cloud.registry.devices.add(pk, ['dev-first', 'dev-again', 'dev-active', 'dev-methods', 'dev-reset'], Date.now());
});

afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

function login(deviceName: string, deviceSecret: string) {
  const r = deviceSecretCredentials(nodeSignHal, { productKey: pk, deviceName, deviceSecret });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('HTTPS dynamic registration', () => {
  it('answers a signed registration with HTTP 200, code 200 and the DeviceSecret in the real server JSON shape', async () => {
    const r = await register(cloud, pk, 'dev-first', ps);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('application/json');
    expect(Object.keys(r.json)).toEqual(['code', 'data', 'message']);
    expect(r.json.code).toBe(200);
    expect(r.json.message).toBe('success');
    expect(Object.keys(r.json.data)).toEqual(['deviceName', 'deviceSecret', 'productKey']);
    expect(r.json.data).toMatchObject({ deviceName: 'dev-first', productKey: pk });
    expect(r.json.data.deviceSecret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(cloud.registry.devices.get(pk, 'dev-first')?.deviceSecret).toBe(r.json.data.deviceSecret);
  });

  it('checks the sign for hmacsha256, hmacsha1 and hmacmd5, in either hex case', async () => {
    for (const signMethod of ['hmacsha256', 'hmacsha1', 'hmacmd5'] as const) {
      for (const hexCase of ['upper', 'lower'] as const) {
        const r = await register(cloud, pk, 'dev-methods', ps, { signMethod, hexCase });
        expect(r.json.code, `${signMethod} ${hexCase}`).toBe(200);
      }
    }
  });

  it('refuses a sign made with the wrong ProductSecret: code 401', async () => {
    const r = await register(cloud, pk, 'dev-first', ps.slice(0, -1) + (ps.endsWith('A') ? 'B' : 'A'));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ code: 401, message: 'request auth error' });
  });

  it('refuses a sign over another random than the one sent: code 401', async () => {
    const body = dynregBody(pk, 'dev-first', ps, { random: 'AAAAAAAAAAAAAAA' }).replace('random=AAAAAAAAAAAAAAA', 'random=BBBBBBBBBBBBBBB');
    expect((await httpsPost(cloud, '/auth/register/device', body)).json.code).toBe(401);
  });

  it('before activation a second registration issues a new secret and the first no longer logs in', async () => {
    const first = (await register(cloud, pk, 'dev-again', ps)).json.data.deviceSecret as string;
    const second = (await register(cloud, pk, 'dev-again', ps)).json.data.deviceSecret as string;
    expect(second).not.toBe(first);
    expect(await connackCode(cloud, login('dev-again', first))).toBe(4);
    expect(await connackCode(cloud, login('dev-again', second))).toBe(0);
  });

  it('after activation by an MQTT login a second registration gets 6289 "device is already active"', async () => {
    const secret = (await register(cloud, pk, 'dev-active', ps)).json.data.deviceSecret as string;
    expect(cloud.registry.devices.get(pk, 'dev-active')?.state).toBe('unactivated');
    expect(await connackCode(cloud, login('dev-active', secret))).toBe(0);
    expect(cloud.registry.devices.get(pk, 'dev-active')?.state).toBe('active');
    const again = await register(cloud, pk, 'dev-active', ps);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ code: 6289, message: 'device is already active' });
    expect(await connackCode(cloud, login('dev-active', secret))).toBe(0);
  });

  it('ResetThing allows registration again without resetting activation; the new secret replaces the old', async () => {
    const old = (await register(cloud, pk, 'dev-reset', ps)).json.data.deviceSecret as string;
    expect(await connackCode(cloud, login('dev-reset', old))).toBe(0);
    expect((await register(cloud, pk, 'dev-reset', ps)).json.code).toBe(6289);
    cloud.registry.devices.reset(pk, 'dev-reset');
    expect(cloud.registry.devices.get(pk, 'dev-reset')?.state).toBe('active');
    const fresh = (await register(cloud, pk, 'dev-reset', ps)).json.data.deviceSecret as string;
    expect(await connackCode(cloud, login('dev-reset', old))).toBe(4);
    expect(await connackCode(cloud, login('dev-reset', fresh))).toBe(0);
    expect((await register(cloud, pk, 'dev-reset', ps)).json.code).toBe(6289);
  });

  it('refuses a device that was not pre-registered (6100), an unknown product (6250), and a product without dynamic registration (6288)', async () => {
    expect((await register(cloud, pk, 'never-added', ps)).json).toEqual({ code: 6100, message: 'device not found' });
    expect((await register(cloud, 'a1NoSuchPK0', 'dev-first', ps)).json.code).toBe(6250);
    const plain = cloud.registry.products.add({ dynamicRegistration: false }, Date.now());
    cloud.registry.devices.add(plain.productKey, ['dev-plain'], Date.now());
    const r = await register(cloud, plain.productKey, 'dev-plain', plain.productSecret);
    expect(r.json).toEqual({ code: 6288, message: 'dynamic registration is not enabled for this product' });
  });

  it('reports refusals on the event stream without any secret', async () => {
    const refused = cloud.events.waitFor('refused', (e) => e.via === 'https' && e.code === 401);
    await register(cloud, pk, 'dev-first', 'WrongSecret1234');
    const event = await refused;
    expect(event.productKey).toBe(pk);
    expect(JSON.stringify(event)).not.toContain(ps);
  });
});
