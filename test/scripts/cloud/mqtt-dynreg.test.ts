// Registration over MQTT (protocol.md §2) with the `mqtt` npm client: register and regnwl answered on
// /ext/register and /ext/regnwl without any SUBSCRIBE, the connection dropped after the configured time, and the
// connwl login with the deviceToken. Credentials as `aliot sign --dynreg --json` prints them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { deviceSecretCredentials, tokenLoginCredentials } from '../../../src/auth/index';
import { closed, connackCode, connectMqtt, grantedQos, nodeSignHal, register, removeDir, startTestCloud, until } from './helpers';
import { aliotSign } from './sign-cli';

const DROP_MS = 400;
let cloud: RunningCloud;
let pk: string;
let ps: string;

beforeAll(async () => {
  cloud = await startTestCloud({ registrationDropMs: DROP_MS });
  const product = cloud.registry.products.add({ dynamicRegistration: true }, Date.now());
  pk = product.productKey;
  ps = product.productSecret;
  cloud.registry.devices.add(pk, ['mq-reg-01', 'mq-reg-02', 'mq-tcp-01'], Date.now());
});

afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

const dynregArgs = (dn: string, extra: string[] = []) => ['--product-key', pk, '--device-name', dn, '--product-secret', ps, ...extra];

describe('MQTT dynamic registration', () => {
  it('register: the DeviceSecret arrives on /ext/register without a subscription, then the server drops the connection', async () => {
    const signed = await aliotSign(dynregArgs('mq-reg-01'));
    expect(signed.mqtt.clientId).toContain('authType=register');
    const received: { topic: string; payload: string }[] = [];
    const client = await connectMqtt(cloud, signed.mqtt, { received });
    const started = Date.now();
    const wasClosed = closed(client);
    await until(() => received.length > 0);
    expect(received[0].topic).toBe('/ext/register');
    const reply = JSON.parse(received[0].payload);
    expect(reply).toEqual({ productKey: pk, deviceName: 'mq-reg-01', deviceSecret: expect.stringMatching(/^[A-Za-z0-9]{32}$/) });
    await wasClosed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(DROP_MS - 50);
    const login = deviceSecretCredentials(nodeSignHal, { productKey: pk, deviceName: 'mq-reg-01', deviceSecret: reply.deviceSecret });
    if (!login.ok) throw new Error(login.error.message);
    expect(await connackCode(cloud, login.value)).toBe(0);
  });

  it('register after activation is refused with CONNACK 5, like HTTPS 6289', async () => {
    const signed = await aliotSign(dynregArgs('mq-reg-01'));
    expect(await connackCode(cloud, signed.mqtt)).toBe(5);
    expect((await register(cloud, pk, 'mq-reg-01', ps)).json.code).toBe(6289);
  });

  it('register refuses a wrong ProductSecret with CONNACK 4, plain TCP with CONNACK 2, and an unregistered device with CONNACK 5', async () => {
    const wrong = await aliotSign(['--product-key', pk, '--device-name', 'mq-reg-02', '--product-secret', 'NotTheSecret1234']);
    expect(await connackCode(cloud, wrong.mqtt)).toBe(4);
    const good = await aliotSign(dynregArgs('mq-tcp-01'));
    expect(await connackCode(cloud, good.mqtt, { tcp: true })).toBe(2);
    const missing = await aliotSign(dynregArgs('mq-not-added'));
    expect(await connackCode(cloud, missing.mqtt)).toBe(5);
  });

  it('register refuses a missing random or signmethod with CONNACK 2', async () => {
    const signed = await aliotSign(dynregArgs('mq-reg-02'));
    const noRandom = signed.mqtt.clientId.replace(/random=[A-Za-z0-9]+,?/, '');
    expect(await connackCode(cloud, { ...signed.mqtt, clientId: noRandom })).toBe(2);
    const badMethod = signed.mqtt.clientId.replace('signmethod=hmacsha256', 'signmethod=sha9');
    expect(await connackCode(cloud, { ...signed.mqtt, clientId: badMethod })).toBe(2);
  });

  it('regnwl: an unregistered device gets clientId and deviceToken on /ext/regnwl, then logs in with connwl', async () => {
    const signed = await aliotSign(dynregArgs('mq-nwl-01', ['--regnwl']));
    expect(signed.mqtt.clientId).toContain('authType=regnwl');
    expect(signed.mqtt.clientId).toContain('securemode=-2');
    const received: { topic: string; payload: string }[] = [];
    const client = await connectMqtt(cloud, signed.mqtt, { received });
    await until(() => received.length > 0);
    await client.endAsync();
    expect(received[0].topic).toBe('/ext/regnwl');
    const reply = JSON.parse(received[0].payload);
    expect(Object.keys(reply)).toEqual(['productKey', 'deviceName', 'clientId', 'deviceToken']);
    expect(reply.deviceName).toBe('mq-nwl-01');

    const creds = tokenLoginCredentials({ productKey: pk, deviceName: 'mq-nwl-01', clientId: reply.clientId, deviceToken: reply.deviceToken });
    if (!creds.ok) throw new Error(creds.error.message);
    expect(creds.value.clientId).toBe(`${reply.clientId}|securemode=-2,authType=connwl|`);
    const session = await connectMqtt(cloud, creds.value);
    expect(cloud.registry.devices.get(pk, 'mq-nwl-01')?.state).toBe('active');
    await session.endAsync();
    expect(await connackCode(cloud, { ...creds.value, password: 'W'.repeat(32) })).toBe(4);
    const again = await aliotSign(dynregArgs('mq-nwl-01', ['--regnwl']));
    expect(await connackCode(cloud, again.mqtt)).toBe(5);
  });

  it('regnwl with securemode 2 (what the 4.x and Python SDKs send) works too', async () => {
    const signed = await aliotSign(dynregArgs('mq-nwl-02', ['--regnwl', '--securemode', '2']));
    const received: { topic: string; payload: string }[] = [];
    const client = await connectMqtt(cloud, signed.mqtt, { received });
    await until(() => received.length > 0);
    await client.endAsync();
    expect(received[0].topic).toBe('/ext/regnwl');
  });

  it('a registration connection may neither publish nor subscribe elsewhere', async () => {
    cloud.registry.devices.add(pk, ['mq-reg-03'], Date.now());
    const signed = await aliotSign(dynregArgs('mq-reg-03'));
    const client = await connectMqtt(cloud, signed.mqtt);
    expect(await grantedQos(client, `/sys/${pk}/mq-reg-03/#`)).toBe(128);
    const denied = cloud.events.waitFor('denied', (e) => e.action === 'publish');
    const wasClosed = closed(client);
    client.publish(`/sys/${pk}/mq-reg-03/thing/event/property/post`, '{}', { qos: 1 });
    await denied;
    await wasClosed;
  });
});
