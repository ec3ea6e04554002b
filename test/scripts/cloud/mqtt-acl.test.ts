// The ACL in the running broker, with the `mqtt` client: a device cannot subscribe to or publish on another
// device's topics; its own topics work, and the cloud reaches it with a property set.

import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from '../../../scripts/cloud/index';
import { deviceSecretCredentials } from '../../../src/auth/index';
import { closed, connectMqtt, grantedQos, nodeSignHal, removeDir, sleep, startTestCloud, until } from './helpers';

let cloud: RunningCloud;
let pk: string;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  cloud = await startTestCloud();
  pk = cloud.registry.products.add({}, Date.now()).productKey;
  for (const d of cloud.registry.devices.add(pk, ['acl-a', 'acl-b'], Date.now()).added) secrets[d.deviceName] = d.deviceSecret as string;
});

afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

async function device(dn: string, received?: { topic: string; payload: string }[]): Promise<MqttClient> {
  const creds = deviceSecretCredentials(nodeSignHal, { productKey: pk, deviceName: dn, deviceSecret: secrets[dn] });
  if (!creds.ok) throw new Error(creds.error.message);
  return connectMqtt(cloud, creds.value, { received });
}

describe('topic ACL in the broker', () => {
  it("refuses a subscription to another device's topics (SUBACK 0x80) and to wildcards spanning devices", async () => {
    const a = await device('acl-a');
    expect(await grantedQos(a, `/sys/${pk}/acl-b/thing/service/property/set`)).toBe(128);
    expect(await grantedQos(a, `/${pk}/acl-b/user/get`)).toBe(128);
    expect(await grantedQos(a, `/sys/${pk}/+/thing/service/property/set`)).toBe(128);
    expect(await grantedQos(a, '#')).toBe(128);
    expect(await grantedQos(a, `/sys/${pk}/acl-a/#`)).toBe(1);
    await a.endAsync();
  });

  it("disconnects a device that publishes on another device's topic, and the other device receives nothing", async () => {
    const bReceived: { topic: string; payload: string }[] = [];
    const b = await device('acl-b', bReceived);
    expect(await grantedQos(b, `/sys/${pk}/acl-b/#`)).toBe(1);
    const a = await device('acl-a');
    const aClosed = closed(a);
    const denied = cloud.events.waitFor('denied', (e) => e.deviceName === 'acl-a' && e.action === 'publish');
    a.publish(`/sys/${pk}/acl-b/thing/service/property/set`, '{"id":"1","params":{"LightSwitch":1}}', { qos: 1 });
    await denied;
    await aClosed;
    await sleep(100);
    expect(bReceived).toEqual([]);
    await b.endAsync();
  });

  it('lets a device publish QoS1 on its own topics and receive a property set the cloud publishes', async () => {
    const received: { topic: string; payload: string }[] = [];
    const a = await device('acl-a', received);
    const up = cloud.events.waitFor('published', (e) => e.direction === 'up' && e.deviceName === 'acl-a');
    await a.publishAsync(`/sys/${pk}/acl-a/thing/event/property/post`, '{"id":"7","params":{"t":21}}', { qos: 1 });
    expect((await up).topic).toBe(`/sys/${pk}/acl-a/thing/event/property/post`);
    expect(await grantedQos(a, `/sys/${pk}/acl-a/thing/service/property/set`)).toBe(1);
    const setTopic = `/sys/${pk}/acl-a/thing/service/property/set`;
    const result = await cloud.publishToDevice(pk, 'acl-a', setTopic, '{"id":"8","version":"1.0","params":{"LightSwitch":1}}', 1);
    expect(result.online).toBe(true);
    await until(() => received.length > 0);
    expect(received[0].topic).toBe(setTopic);
    await expect(cloud.publishToDevice(pk, 'acl-a', `/sys/${pk}/acl-b/thing/service/property/set`, '{}')).rejects.toThrow();
    await a.endAsync();
  });

  it('subscribes a device that asks for _ss=1 to its /sys topics itself', async () => {
    const creds = deviceSecretCredentials(nodeSignHal, {
      productKey: pk,
      deviceName: 'acl-b',
      deviceSecret: secrets['acl-b'],
      extensions: { systemSubscribe: true },
    });
    if (!creds.ok) throw new Error(creds.error.message);
    const received: { topic: string; payload: string }[] = [];
    const b = await connectMqtt(cloud, creds.value, { received });
    const setTopic = `/sys/${pk}/acl-b/thing/service/property/set`;
    await until(() => cloud.isOnline(pk, 'acl-b'));
    await sleep(50);
    await cloud.publishToDevice(pk, 'acl-b', setTopic, '{"id":"9","params":{}}', 1);
    await until(() => received.length > 0);
    expect(received[0].topic).toBe(setTopic);
    await b.endAsync();
  });
});
