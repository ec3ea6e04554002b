// The JSON admin API on loopback: products, devices, ResetThing, publish to a device, and the event stream as
// Server-Sent Events; every call here carries the cloud's admin token (hostile/admin-api.test.ts: without it).
// Secrets come in full only with ?secrets=full.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { deviceSecretCredentials } from '../../../src/auth/index';
import { connectMqtt, grantedQos, nodeSignHal, register, removeDir, startTestCloud, until } from './helpers';

let cloud: RunningCloud;
let base: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  base = `http://127.0.0.1:${cloud.adminPort}`;
});

afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${cloud.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('admin API', () => {
  it('reports health with the ports and the CA path', async () => {
    const r = await api('GET', '/health');
    expect(r.json).toMatchObject({ ok: true, httpsPort: cloud.httpsPort, mqttTlsPort: cloud.mqttTlsPort, caPath: cloud.caPath });
  });

  it('creates products and devices, lists them with secrets masked, shows one in full, and refuses bad input', async () => {
    const created = await api('POST', '/products?secrets=full', { productKey: 'a1AdminApi1', dynamicRegistration: true, region: 'us-west-1' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ productKey: 'a1AdminApi1', dynamicRegistration: true, region: 'us-west-1' });
    expect(created.json.productSecret).toMatch(/^[A-Za-z0-9]{16}$/);
    expect((await api('POST', '/products', { productKey: 'a1AdminApi1' })).status).toBe(409);
    expect((await api('POST', '/products', { region: 'nowhere' })).status).toBe(400);

    const plain = (await api('POST', '/products', {})).json;
    const added = await api('POST', `/products/${plain.productKey}/devices?secrets=full`, { deviceNames: ['api-dev-01', 'sensor.v2@lab:7'] });
    expect(added.json.added).toHaveLength(2);
    const secret = added.json.added[0].deviceSecret as string;
    expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);

    const list = await api('GET', `/devices?productKey=${plain.productKey}`);
    expect(list.json.map((d: { deviceName: string }) => d.deviceName)).toEqual(['api-dev-01', 'sensor.v2@lab:7']);
    expect(JSON.stringify(list.json)).not.toContain(secret);
    const one = await api('GET', `/devices/${plain.productKey}/${encodeURIComponent('sensor.v2@lab:7')}?secrets=full`);
    expect(one.json.deviceSecret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect((await api('GET', `/devices/${plain.productKey}/nobody-here`)).status).toBe(404);
    expect((await api('POST', `/products/${plain.productKey}/devices`, { deviceNames: 'x' })).status).toBe(400);
    expect((await api('DELETE', '/products')).status).toBe(405);
    expect((await api('GET', '/nothing')).status).toBe(404);
  });

  it('resets a device so it can register again', async () => {
    await api('POST', '/products/a1AdminApi1/devices', { deviceNames: ['api-reset-01'] });
    const ps = (await api('GET', '/products/a1AdminApi1?secrets=full')).json.productSecret as string;
    const ds = (await register(cloud, 'a1AdminApi1', 'api-reset-01', ps)).json.data.deviceSecret as string;
    const creds = deviceSecretCredentials(nodeSignHal, { productKey: 'a1AdminApi1', deviceName: 'api-reset-01', deviceSecret: ds });
    if (!creds.ok) throw new Error(creds.error.message);
    const client = await connectMqtt(cloud, creds.value, { servername: 'a1AdminApi1.iot-as-mqtt.us-west-1.aliyuncs.com' });
    await client.endAsync();
    expect((await register(cloud, 'a1AdminApi1', 'api-reset-01', ps)).json.code).toBe(6289);
    const reset = await api('POST', '/devices/a1AdminApi1/api-reset-01/reset');
    expect(reset.json).toMatchObject({ state: 'active', registration: 'open' });
    expect((await register(cloud, 'a1AdminApi1', 'api-reset-01', ps)).json.code).toBe(200);
  });

  it('publishes a property set to a connected device', async () => {
    const product = (await api('POST', '/products', {})).json;
    const ds = (await api('POST', `/products/${product.productKey}/devices?secrets=full`, { deviceNames: ['api-pub-01'] })).json.added[0].deviceSecret;
    const creds = deviceSecretCredentials(nodeSignHal, { productKey: product.productKey, deviceName: 'api-pub-01', deviceSecret: ds });
    if (!creds.ok) throw new Error(creds.error.message);
    const received: { topic: string; payload: string }[] = [];
    const client = await connectMqtt(cloud, creds.value, { received });
    const topic = `/sys/${product.productKey}/api-pub-01/thing/service/property/set`;
    expect(await grantedQos(client, topic)).toBe(1);
    const payload = { id: '42', version: '1.0', params: { LightSwitch: 1 }, method: 'thing.service.property.set' };
    const r = await api('POST', `/devices/${product.productKey}/api-pub-01/publish`, { topic, payload, qos: 1 });
    expect(r.json).toEqual({ online: true });
    await until(() => received.length > 0);
    expect(JSON.parse(received[0].payload)).toEqual(payload);
    const foreign = await api('POST', `/devices/${product.productKey}/api-pub-01/publish`, { topic: '/sys/a1Other0001/x-dev/thing', payload: '' });
    expect(foreign.status).toBe(400);
    await client.endAsync();
  });

  it('streams events as Server-Sent Events and keeps the recent ones', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/events`, { headers: { Authorization: `Bearer ${cloud.adminToken}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    await api('POST', '/products', { productKey: 'a1SseEvent1', dynamicRegistration: true });
    while (!text.includes('a1SseEvent1')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    expect(text).toContain('event: product-added');
    const data = JSON.parse(/data: (.*a1SseEvent1.*)\n/.exec(text)?.[1] as string);
    expect(data).toMatchObject({ type: 'product-added', productKey: 'a1SseEvent1' });
    expect(data.productSecret).toMatch(/…$/);
    const recent = await api('GET', '/events/recent');
    expect(recent.json.some((e: { productKey?: string }) => e.productKey === 'a1SseEvent1')).toBe(true);
  });
});
