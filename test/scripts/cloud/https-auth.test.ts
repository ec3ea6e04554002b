// POST /auth/devicename (protocol.md §4) and the MQTT login with iotId/iotToken that follows (securemode -1).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { httpsAuthRequest, httpsAuthSessionCredentials, type SignMethod } from '../../../src/auth/index';
import { connackCode, httpsPost, nodeSignHal, removeDir, startTestCloud } from './helpers';

let cloud: RunningCloud;
let redirected: RunningCloud;
let pk: string;
let ds: string;
const DN = 'auth-dev-01';

beforeAll(async () => {
  cloud = await startTestCloud();
  redirected = await startTestCloud({ mqttRedirect: { host: 'mqtt.example.test', port: 443 } });
  for (const c of [cloud, redirected]) {
    c.registry.products.add({ productKey: 'a1AuthTest01', region: 'ap-southeast-1' }, Date.now());
    ds = c.registry.devices.add('a1AuthTest01', [DN], Date.now()).added[0].deviceSecret as string;
  }
  pk = 'a1AuthTest01';
  ds = cloud.registry.devices.get(pk, DN)?.deviceSecret as string;
});

afterAll(async () => {
  for (const c of [cloud, redirected]) {
    await c.stop();
    removeDir(c.dataDir);
  }
});

function authBody(o: { deviceSecret?: string; signMethod?: SignMethod; timestamp?: string | null; deviceName?: string } = {}): string {
  const r = httpsAuthRequest(nodeSignHal, {
    productKey: pk,
    deviceName: o.deviceName ?? DN,
    deviceSecret: o.deviceSecret ?? ds,
    signMethod: o.signMethod,
    timestamp: o.timestamp,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.request.body;
}

const authenticate = (target: RunningCloud, body: string) =>
  httpsPost(target, '/auth/devicename', body, { contentType: 'application/x-www-form-urlencoded;charset=utf-8' });

describe('HTTPS authentication (/auth/devicename)', () => {
  it('answers iotId, iotToken and the MQTT host and port of the product region', async () => {
    const r = await authenticate(cloud, authBody());
    expect(r.json.code).toBe(200);
    expect(r.json.message).toBe('success');
    expect(r.json.data.iotId).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(r.json.data.iotToken).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(r.json.data.resources.mqtt).toEqual({ host: `${pk}.iot-as-mqtt.ap-southeast-1.aliyuncs.com`, port: cloud.mqttTlsPort });
    const device = cloud.registry.devices.get(pk, DN);
    expect(device?.iotTokenExpiresAt).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600 * 1000);
  });

  it('sends devices where mqttRedirect says', async () => {
    const r = await authenticate(redirected, authBody({ deviceSecret: redirected.registry.devices.get(pk, DN)?.deviceSecret as string }));
    expect(r.json.data.resources.mqtt).toEqual({ host: 'mqtt.example.test', port: 443 });
  });

  it('accepts hmacsha1 and a sign without timestamp, and refuses a wrong DeviceSecret with 401', async () => {
    expect((await authenticate(cloud, authBody({ signMethod: 'hmacsha1' }))).json.code).toBe(200);
    expect((await authenticate(cloud, authBody({ timestamp: null }))).json.code).toBe(200);
    expect((await authenticate(cloud, authBody({ deviceSecret: (ds[0] === 'X' ? 'Y' : 'X') + ds.slice(1) }))).json).toEqual({ code: 401, message: 'request auth error' });
  });

  it('answers 5001 for an unknown device and 460 for a malformed request', async () => {
    expect((await authenticate(cloud, authBody({ deviceName: 'nobody-here' }))).json.code).toBe(5001);
    expect((await authenticate(cloud, authBody().replace(/&sign=[^&]+/, ''))).json.code).toBe(460);
  });

  it('lets the mqtt client log in with iotId/iotToken (securemode -1) and refuses a wrong token with CONNACK 3', async () => {
    const data = (await authenticate(cloud, authBody())).json.data;
    const creds = httpsAuthSessionCredentials({
      productKey: pk,
      deviceName: DN,
      iotId: data.iotId,
      iotToken: data.iotToken,
      host: data.resources.mqtt.host,
      port: data.resources.mqtt.port,
    });
    if (!creds.ok) throw new Error(creds.error.message);
    expect(creds.value.clientId).toContain('securemode=-1');
    expect(await connackCode(cloud, creds.value, { servername: data.resources.mqtt.host })).toBe(0);
    expect(cloud.registry.devices.get(pk, DN)?.state).toBe('active');
    expect(await connackCode(cloud, { ...creds.value, password: 'Z'.repeat(32) })).toBe(3);
    expect(await connackCode(cloud, { ...creds.value, username: 'unknownIotId00000000' })).toBe(3);
  });

  it('keeps only the newest iotToken valid', async () => {
    const first = (await authenticate(cloud, authBody())).json.data;
    const second = (await authenticate(cloud, authBody())).json.data;
    expect(second.iotId).toBe(first.iotId);
    const login = (token: string) => ({ clientId: `${pk}.${DN}|securemode=-1|`, username: first.iotId, password: token });
    expect(await connackCode(cloud, login(first.iotToken))).toBe(3);
    expect(await connackCode(cloud, login(second.iotToken))).toBe(0);
  });
});
