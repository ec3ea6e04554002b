// The broker's §3 login, driven by the `mqtt` npm client with credentials printed by `aliot sign`, over real TLS
// verified against the cloud's CA for the real Alibaba host name.

import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { closed, connackCode, connectMqtt, startTestCloud, removeDir } from './helpers';
import { aliotSign } from './sign-cli';

let cloud: RunningCloud;
let pk: string;
const DN = 'sensor-01';
let ds: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  const product = cloud.registry.products.add({}, Date.now());
  pk = product.productKey;
  ds = cloud.registry.devices.add(pk, [DN, 'sensor-02'], Date.now()).added[0].deviceSecret as string;
});

afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

const signArgs = (extra: string[] = []): string[] => ['--product-key', pk, '--device-name', DN, '--device-secret', ds, ...extra];

describe('MQTT login with a DeviceSecret (securemode 2/3)', () => {
  it('accepts the mqtt client with exactly the credentials `aliot sign` prints, verifying the real host name over TLS', async () => {
    const signed = await aliotSign(signArgs());
    expect(signed.mqtt.host).toBe(`${pk}.iot-as-mqtt.cn-shanghai.aliyuncs.com`);
    const client = await connectMqtt(cloud, signed.mqtt, { servername: signed.mqtt.host });
    expect(client.connected).toBe(true);
    const login = cloud.registry.devices.get(pk, DN);
    expect(login?.state).toBe('active');
    expect(login?.online).toBe(true);
    await client.endAsync();
  });

  it('accepts every sign method, lower-case hex and a clientId without timestamp', async () => {
    for (const extra of [['--signmethod', 'hmacsha1'], ['--signmethod', 'hmacmd5', '--lowercase'], ['--no-timestamp'], ['--timestamp', '1700000000000']]) {
      const signed = await aliotSign(signArgs(extra));
      expect(await connackCode(cloud, signed.mqtt), extra.join(' ')).toBe(0);
    }
  });

  it('refuses a wrong password with CONNACK 4', async () => {
    const signed = await aliotSign(signArgs());
    const password = signed.mqtt.password.slice(0, -1) + (signed.mqtt.password.endsWith('0') ? '1' : '0');
    expect(await connackCode(cloud, { ...signed.mqtt, password })).toBe(4);
  });

  it('refuses a password signed with another timestamp than the clientId carries with CONNACK 4', async () => {
    const signed = await aliotSign(signArgs(['--timestamp', '1700000000000']));
    const clientId = signed.mqtt.clientId.replace('timestamp=1700000000000', 'timestamp=2524608000000');
    expect(await connackCode(cloud, { ...signed.mqtt, clientId })).toBe(4);
  });

  it('refuses securemode=3 on the TLS listener with CONNACK 2 (identifier rejected)', async () => {
    const signed = await aliotSign(signArgs(['--tcp']));
    expect(signed.mqtt.clientId).toContain('securemode=3');
    expect(await connackCode(cloud, signed.mqtt)).toBe(2);
  });

  it('refuses an unknown or unsupported securemode with CONNACK 3', async () => {
    const signed = await aliotSign(signArgs());
    for (const mode of ['9', '8', 'x']) {
      const clientId = signed.mqtt.clientId.replace('securemode=2', `securemode=${mode}`);
      expect(await connackCode(cloud, { ...signed.mqtt, clientId }), mode).toBe(3);
    }
  });

  it('refuses keepalive 10 with CONNACK 3 and clamps keepalive 3600 to 1200 instead of refusing', async () => {
    const signed = await aliotSign(signArgs());
    expect(await connackCode(cloud, { ...signed.mqtt, keepalive: 10 })).toBe(3);
    expect(await connackCode(cloud, { ...signed.mqtt, keepalive: 3600 })).toBe(0);
  });

  it('refuses a clientId without |k=v| parameters with CONNACK 3 and a malformed username with CONNACK 4', async () => {
    const signed = await aliotSign(signArgs());
    expect(await connackCode(cloud, { ...signed.mqtt, clientId: `${pk}.${DN}` })).toBe(3);
    expect(await connackCode(cloud, { ...signed.mqtt, username: `${DN}${pk}` })).toBe(4);
  });

  it('refuses an unknown device and a device of another product with CONNACK 5', async () => {
    const signed = await aliotSign(['--product-key', pk, '--device-name', 'nobody-here', '--device-secret', ds]);
    expect(await connackCode(cloud, signed.mqtt)).toBe(5);
    const other = await aliotSign(['--product-key', 'a1NoSuchPK0', '--device-name', DN, '--device-secret', ds]);
    expect(await connackCode(cloud, other.mqtt)).toBe(5);
  });

  it('accepts securemode=3 on the plain TCP listener and refuses securemode=2 there with CONNACK 2 (identifier rejected)', async () => {
    const tcp = await aliotSign(signArgs(['--tcp']));
    expect(await connackCode(cloud, tcp.mqtt, { tcp: true })).toBe(0);
    const tls = await aliotSign(signArgs());
    expect(await connackCode(cloud, tls.mqtt, { tcp: true })).toBe(2);
  });

  it('kicks the first session when the same device logs in again with another clientId', async () => {
    const first = await aliotSign(signArgs());
    const second = await aliotSign(signArgs(['--client-id', 'another-id-for-the-same-device']));
    const a = await connectMqtt(cloud, first.mqtt);
    const aClosed = closed(a);
    const kicked = cloud.events.waitFor('kicked', (e) => e.deviceName === DN);
    const b = await connectMqtt(cloud, second.mqtt);
    await aClosed;
    expect((await kicked).clientId).toBe(first.mqtt.clientId);
    expect(b.connected).toBe(true);
    expect(cloud.isOnline(pk, DN)).toBe(true);
    await b.endAsync();
  });

  it('kicks the first session when the same clientId logs in again', async () => {
    const signed = await aliotSign(signArgs());
    const a = await connectMqtt(cloud, signed.mqtt);
    const aClosed = closed(a);
    const kicked = cloud.events.waitFor('kicked', (e) => e.deviceName === DN);
    const b = await connectMqtt(cloud, signed.mqtt);
    await aClosed;
    await kicked;
    expect(b.connected).toBe(true);
    await b.endAsync();
  });

  it('marks the device offline when its session ends', async () => {
    const signed = await aliotSign(signArgs());
    const client: MqttClient = await connectMqtt(cloud, signed.mqtt);
    expect(cloud.registry.devices.get(pk, DN)?.online).toBe(true);
    const logout = cloud.events.waitFor('logout', (e) => e.deviceName === DN);
    await client.endAsync();
    await logout;
    expect(cloud.registry.devices.get(pk, DN)?.online).toBe(false);
  });
});
