// Issue 17 row 7: a device that publishes on another device's topic right behind its CONNECT is disconnected by
// the ACL. Its online state must follow the socket (offline, in the registry and the broker), its next login must
// not report a "kicked" session that was already gone, and the events must come in their real order: login,
// denied, offline.

import mqttPacket from 'mqtt-packet';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent, RunningCloud } from '../../../scripts/cloud/index';
import { deviceSecretCredentials } from '../../../src/auth/index';
import { closed, connectMqtt, mqttHost, nodeSignHal, removeDir, sleep, startTestCloud, until } from '../cloud/helpers';

let cloud: RunningCloud;
const events: CloudEvent[] = [];
const PK = 'a1Online001';

beforeAll(async () => {
  cloud = await startTestCloud();
  cloud.events.subscribe((e) => events.push(e));
  cloud.registry.products.add({ productKey: PK, dynamicRegistration: false }, Date.now());
});
afterAll(async () => {
  await cloud.stop();
  removeDir(cloud.dataDir);
});

function login(deviceName: string) {
  const ds = cloud.registry.devices.add(PK, [deviceName], Date.now()).added[0]!.deviceSecret!;
  const creds = deviceSecretCredentials(nodeSignHal, { productKey: PK, deviceName, deviceSecret: ds });
  if (!creds.ok) throw new Error(creds.error.message);
  return creds.value;
}

const of = (dn: string): CloudEvent[] => events.filter((e) => 'deviceName' in e && e.deviceName === dn && e.type !== 'published');

describe('online state follows the socket', () => {
  it('a device denied right behind its CONNECT is offline, its events in order, and its next login kicks nobody', async () => {
    const creds = login('acl-fast');
    // Several tries: the denied publish must race the session start the way a real client's pipelined publish does.
    for (let i = 0; i < 5; i++) {
      const client = await connectMqtt(cloud, creds);
      const gone = closed(client);
      client.publish(`/sys/${PK}/someone-else/thing/event/property/post`, '{}', { qos: 1 });
      await gone;
      await until(() => of('acl-fast').filter((e) => e.type === 'logout').length === i + 1, 3000);
      await sleep(50);
      expect(cloud.isOnline(PK, 'acl-fast'), `try ${i}`).toBe(false);
      expect(cloud.registry.devices.get(PK, 'acl-fast')?.online, `try ${i}`).toBe(false);
    }
    const types = of('acl-fast').map((e) => e.type);
    expect(types).toEqual(Array.from({ length: 5 }, () => ['login', 'denied', 'logout']).flat());
    const next = await connectMqtt(cloud, creds);
    await until(() => cloud.isOnline(PK, 'acl-fast'));
    expect(cloud.registry.devices.get(PK, 'acl-fast')?.online).toBe(true);
    expect(of('acl-fast').some((e) => e.type === 'kicked')).toBe(false);
    await next.endAsync();
    await until(() => cloud.registry.devices.get(PK, 'acl-fast')?.online === false);
  });

  it('a raw client pipelining CONNECT and a foreign PUBLISH in one write: login, denied, offline; no false kick after', async () => {
    const creds = login('pipelined');
    for (let i = 0; i < 5; i++) {
      const socket = tlsConnect({ host: '127.0.0.1', port: cloud.mqttTlsPort, ca: cloud.caPem, servername: mqttHost(PK) });
      socket.on('error', () => {});
      socket.resume(); // read what the broker sends (the CONNACK), so its close is seen
      await new Promise((r) => socket.once('secureConnect', r));
      const connect = mqttPacket.generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        clientId: creds.clientId,
        username: creds.username,
        password: Buffer.from(creds.password),
        keepalive: 60,
      });
      const publish = mqttPacket.generate({ cmd: 'publish', topic: `/sys/${PK}/someone-else/thing/event/property/post`, payload: '{}', qos: 1, messageId: 1, retain: false, dup: false });
      socket.write(Buffer.concat([connect, publish]));
      await new Promise((r) => socket.once('close', r));
      await until(() => of('pipelined').filter((e) => e.type === 'logout').length === i + 1, 3000);
      await sleep(50);
      expect(cloud.isOnline(PK, 'pipelined'), `try ${i}`).toBe(false);
      expect(cloud.registry.devices.get(PK, 'pipelined')?.online, `try ${i}`).toBe(false);
    }
    expect(of('pipelined').map((e) => e.type)).toEqual(Array.from({ length: 5 }, () => ['login', 'denied', 'logout']).flat());
    const next = await connectMqtt(cloud, creds);
    await until(() => cloud.isOnline(PK, 'pipelined'));
    expect(of('pipelined').some((e) => e.type === 'kicked')).toBe(false);
    await next.endAsync();
  });

  it('a device whose connection dies at once after CONNACK goes offline too', async () => {
    const creds = login('dies-fast');
    for (let i = 0; i < 5; i++) {
      const client = await connectMqtt(cloud, creds);
      (client as unknown as { stream: { destroy(): void } }).stream.destroy();
      await closed(client);
      await until(() => of('dies-fast').filter((e) => e.type === 'logout').length === i + 1, 3000);
    }
    await sleep(50);
    expect(cloud.isOnline(PK, 'dies-fast')).toBe(false);
    expect(cloud.registry.devices.get(PK, 'dies-fast')?.online).toBe(false);
    expect(of('dies-fast').map((e) => e.type)).toEqual(Array.from({ length: 5 }, () => ['login', 'logout']).flat());
  });
});
