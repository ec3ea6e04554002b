import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodeSim from '../../../boards/node-sim';
import { createNodeBoard, type NodeBoard } from '../../../hal/node';
import type { LogLine } from '../../../hal/mock';
import type { LogLevel } from '../../../hal/types';
import { startCloud, type RunningCloud } from '../../../scripts/cloud/index';
import { createLink, parseRequest, replyJson, thingTopics, type Link, type LinkConfig, type LinkEvent, type LinkState } from '../../../src';

// The link on the Node simulation board (real TLS with verification, real files) against the local cloud
// (Aedes, node:https, SQLite): every way a device gets its credential, and the thing-model round trip.

let cloud: RunningCloud;
const dirs: string[] = [];
const boards: NodeBoard[] = [];

function temp(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  cloud = await startCloud({ dataDir: temp('aliot-link-cloud-'), httpsPort: 0, mqttTlsPort: 0, mqttTcpPort: 0, adminPort: 0 });
});

afterAll(async () => {
  for (const b of boards) b.dispose();
  await cloud.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Sim {
  board: NodeBoard;
  link: Link;
  events: LinkEvent[];
  log: LogLine[];
}

function simulate(mac: string, config: LinkConfig, kvDir = temp('aliot-link-kv-')): Sim {
  const log: LogLine[] = [];
  const board = createNodeBoard({
    kvDir,
    mac,
    hostMap: cloud.hostMap,
    unrefTimers: true,
    log: { write: (level: LogLevel, tag: string, message: string) => log.push({ level, tag, message, at: 0 }) },
  });
  boards.push(board);
  const link = createLink(board.hal, nodeSim, { ca: [cloud.caPem], ...config });
  const events: LinkEvent[] = [];
  for (const t of ['state', 'online', 'error', 'message'] as const) link.on(t, (e) => events.push(e));
  link.start();
  return { board, link, events, log };
}

function until(sim: Sim, state: LinkState, ms = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (sim.link.state() === state) return resolve();
    const timer = setTimeout(() => reject(new Error(`not ${state} after ${ms} ms: ${sim.link.state()} ${JSON.stringify(sim.link.lastError())}`)), ms);
    sim.link.on('state', (e) => {
      if (e.type === 'state' && e.to === state) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

function product(dynamicRegistration = true) {
  return cloud.registry.products.add({ dynamicRegistration }, Date.now());
}

describe('link on the Node simulation board against the local cloud', () => {
  it('registers over HTTPS, stores the secret, connects, and reuses it after a reboot', async () => {
    const p = product();
    cloud.registry.devices.add(p.productKey, ['AABBCC000001'], Date.now());
    const config: LinkConfig = { productKey: p.productKey, productSecret: p.productSecret };
    const kvDir = temp('aliot-link-kv-');
    const first = simulate('aa:bb:cc:00:00:01', config, kvDir);
    await until(first, 'ONLINE');
    expect(first.events.filter((e) => e.type === 'state').map((e) => (e as { to: string }).to)).toEqual(['LOAD', 'REGISTER', 'PERSIST', 'CONNECT', 'ONLINE']);
    expect(cloud.registry.devices.get(p.productKey, 'AABBCC000001')!.state).toBe('active');
    first.link.stop();
    const again = simulate('aa:bb:cc:00:00:01', config, kvDir);
    await until(again, 'ONLINE');
    expect(again.events.filter((e) => e.type === 'state').map((e) => (e as { to: string }).to)).toEqual(['LOAD', 'CONNECT', 'ONLINE']);
    again.link.stop();
  });

  it('halts with the remedy when its storage is wiped after activation (6289)', async () => {
    const p = product();
    cloud.registry.devices.add(p.productKey, ['AABBCC000002'], Date.now());
    const config: LinkConfig = { productKey: p.productKey, productSecret: p.productSecret };
    const first = simulate('aa:bb:cc:00:00:02', config);
    await until(first, 'ONLINE');
    first.link.stop();
    const wiped = simulate('aa:bb:cc:00:00:02', config);
    await until(wiped, 'HALTED');
    expect(wiped.link.lastError()).toMatchObject({ code: 'ALREADY_ACTIVE', cloudCode: 6289 });
  });

  it('registers over MQTT (register), then logs in with the stored secret', async () => {
    const p = product();
    cloud.registry.devices.add(p.productKey, ['AABBCC000003'], Date.now());
    const sim = simulate('aa:bb:cc:00:00:03', { productKey: p.productKey, productSecret: p.productSecret, registration: 'mqtt-register' });
    await until(sim, 'ONLINE');
    expect(sim.log.some((l) => l.tag === 'dynreg-mqtt' && l.message.startsWith('registered (register)'))).toBe(true);
    sim.link.stop();
  });

  it('registers without pre-registration over MQTT (regnwl) and logs in with its device token (connwl)', async () => {
    const p = product();
    const sim = simulate('aa:bb:cc:00:00:04', { productKey: p.productKey, productSecret: p.productSecret, registration: 'mqtt-regnwl' });
    await until(sim, 'ONLINE');
    expect(sim.log.some((l) => l.message.includes('Guider SecMode : -2'))).toBe(true);
    sim.link.stop();
  });

  it('authenticates over HTTPS first (FEATURE_MQTT_DIRECT off) and connects where the cloud says', async () => {
    const p = product(false);
    cloud.registry.devices.add(p.productKey, ['AABBCC000005'], Date.now());
    const secret = cloud.registry.devices.get(p.productKey, 'AABBCC000005')!.deviceSecret!;
    const sim = simulate('aa:bb:cc:00:00:05', { productKey: p.productKey, deviceSecret: secret, deviceNameFrom: 'mac', authMode: 'https' });
    await until(sim, 'ONLINE');
    expect(sim.log.some((l) => l.message.includes('Guider SecMode : -1'))).toBe(true);
    sim.link.stop();
  });

  it('posts a property the cloud receives, and answers a property set from the cloud', async () => {
    const p = product();
    cloud.registry.devices.add(p.productKey, ['AABBCC000006'], Date.now());
    const sim = simulate('aa:bb:cc:00:00:06', { productKey: p.productKey, productSecret: p.productSecret });
    const topics = thingTopics(p.productKey, 'AABBCC000006');
    sim.link.subscribe(topics.propertySet, 1);
    sim.link.on('message', (e) => {
      if (e.type !== 'message' || e.topic !== topics.propertySet) return;
      const request = parseRequest(Buffer.from(e.payload).toString());
      if (request.ok) sim.link.publish(topics.propertySetReply, replyJson(request.value.id, 200), { qos: 1 });
    });
    await until(sim, 'ONLINE');
    const posted = cloud.events.waitFor('published', (e) => e.topic === topics.propertyPost, 10_000);
    sim.link.publish(topics.propertyPost, '{"id":"1","version":"1.0","params":{"LightSwitch":1},"method":"thing.event.property.post"}', { qos: 1 });
    expect((await posted).preview).toContain('LightSwitch');
    const replied = cloud.events.waitFor('published', (e) => e.topic === topics.propertySetReply, 10_000);
    await cloud.publishToDevice(p.productKey, 'AABBCC000006', topics.propertySet, '{"id":"77","version":"1.0","params":{"LightSwitch":0},"method":"thing.service.property.set"}', 1);
    expect(JSON.parse((await replied).preview)).toEqual({ id: '77', code: 200, data: {} });
    sim.link.stop();
  });
});
