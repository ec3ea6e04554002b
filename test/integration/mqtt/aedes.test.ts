// The MQTT client on the Node simulation board (real TLS sockets, certificate verified against a CA made here, the
// broker name mapped to 127.0.0.1) against Aedes, a broker nobody here wrote, with the `mqtt` npm client as a second
// subscriber that sees our messages.

import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { Aedes, type Client as AedesClient, type PublishPacket } from 'aedes';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeBoard, type NodeBoard } from '../../../hal/node';
import type { LogLevel } from '../../../hal/types';
import { MqttClient, type ClientEvent, type Credentials } from '../../../src/mqtt/client';
import { issueServerCert, makeCa, type TestCa } from '../../hal/certs';

const BROKER_NAME = 'broker.test';
const CLIENT_ID = 'a1B2c3D4e5F.dev-aedes|securemode=2,signmethod=hmacsha256|';
const UNACKED_TOPIC = 'dev/unacked';

interface SeenPublish {
  topic: string;
  messageId: number | undefined;
  dup: boolean;
  qos: number;
}

let ca: TestCa;
let broker: Aedes;
let server: tls.Server;
let port = 0;
let kvDir: string;
let board: NodeBoard;
let watcher: mqtt.MqttClient;
const aedesClients = new Map<string, AedesClient>();
/** Every PUBLISH from our client as Aedes received it, before it acknowledges. */
const seenAtBroker: SeenPublish[] = [];
/** When true, the next PUBLISH on UNACKED_TOPIC is recorded and its connection destroyed before any PUBACK. */
let swallowNextUnacked = false;
const watcherSaw: { topic: string; payload: string }[] = [];
/** PUBACKs from our client, as Aedes processed them (packets it delivered to us and we acknowledged). */
let acksFromUs = 0;
const logLines: { level: LogLevel; message: string }[] = [];

const events: ClientEvent[] = [];
let client: MqttClient;

function credentials(overrides: Partial<Credentials> = {}): Credentials {
  return {
    host: BROKER_NAME,
    port: 8883,
    tls: true,
    ca: [ca.pem],
    clientId: CLIENT_ID,
    username: 'dev-aedes&a1B2c3D4e5F',
    password: 'F00DF00DF00DF00DF00DF00DF00DF00D',
    keepalive: 30,
    clean: false,
    ...overrides,
  };
}

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what + '; events: ' + JSON.stringify(events.map((e) => e.type)));
    await new Promise((r) => setTimeout(r, 5));
  }
}

function ofType<T extends ClientEvent['type']>(type: T): Extract<ClientEvent, { type: T }>[] {
  return events.filter((e) => e.type === type) as Extract<ClientEvent, { type: T }>[];
}

beforeAll(async () => {
  ca = await makeCa('aliot test CA');
  const cert = await issueServerCert(ca, [BROKER_NAME]);
  broker = await Aedes.createBroker({
    authorizePublish: (c, packet: PublishPacket, callback) => {
      if (c !== null && c.id === CLIENT_ID) {
        seenAtBroker.push({ topic: packet.topic, messageId: packet.messageId, dup: packet.dup, qos: packet.qos });
        if (packet.topic === UNACKED_TOPIC && swallowNextUnacked) {
          swallowNextUnacked = false;
          // An error here makes Aedes destroy the connection; the PUBACK never goes out.
          callback(new Error('test: connection lost before PUBACK'));
          return;
        }
      }
      callback(null);
    },
  });
  broker.on('clientReady', (c) => aedesClients.set(c.id, c));
  broker.on('ack', (_packet, c) => {
    if (c.id === CLIENT_ID) acksFromUs++;
  });
  server = tls.createServer({ cert: cert.cert, key: cert.key }, broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  kvDir = mkdtempSync(join(tmpdir(), 'aliot-aedes-'));
  board = createNodeBoard({
    kvDir,
    hostMap: { [BROKER_NAME]: '127.0.0.1:' + port },
    unrefTimers: true,
    log: { write: (level, _tag, message) => logLines.push({ level, message }) },
  });
  client = new MqttClient(board.hal, { mqttRxBuffer: 2048, mqttTxBuffer: 1024, qos1Window: 2, offlineQueue: 8 }, {
    onEvent: (e) => events.push(e),
  });

  watcher = await mqtt.connectAsync('mqtts://127.0.0.1:' + port, {
    ca: ca.pem,
    servername: BROKER_NAME,
    rejectUnauthorized: true,
    clientId: 'watcher',
    reconnectPeriod: 0,
  });
  watcher.on('message', (topic, payload) => watcherSaw.push({ topic, payload: payload.toString() }));
  await watcher.subscribeAsync('dev/#', { qos: 1 });
});

afterAll(async () => {
  client?.disconnect();
  await watcher?.endAsync();
  board?.dispose();
  await new Promise<void>((resolve) => (broker ? broker.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (kvDir) rmSync(kvDir, { recursive: true, force: true });
});

describe('MQTT client against Aedes over TLS', () => {
  it('connects over TLS, verifying the broker certificate for the mapped name', async () => {
    expect(client.connect(credentials())).toBeNull();
    await until('connected', () => ofType('connected').length === 1);
    expect(ofType('connected')[0]).toEqual({ type: 'connected', sessionPresent: false });
    expect(aedesClients.has(CLIENT_ID)).toBe(true);
  });

  it('refuses a broker whose certificate is not from the trusted CA', async () => {
    const other = await makeCa('someone else');
    const seen: ClientEvent[] = [];
    const stranger = new MqttClient(board.hal, { mqttRxBuffer: 256, mqttTxBuffer: 256, qos1Window: 1, offlineQueue: 1 }, {
      onEvent: (e) => seen.push(e),
    });
    // maxTlsSockets of the simulation board allows a second TLS socket.
    expect(stranger.connect(credentials({ ca: [other.pem], clientId: 'stranger' }))).toBeNull();
    await until('stranger closed', () => seen.some((e) => e.type === 'closed'));
    expect(seen).toEqual([expect.objectContaining({ type: 'closed', reason: 'CONNECT_FAILED', halError: expect.objectContaining({ code: 'TLS_VERIFY' }) })]);
  });

  it('subscribes, and a QoS1 round trip comes back to us and to the mqtt npm client', async () => {
    expect(client.subscribe('dev/echo', 1)).toBeNull();
    await until('subscribed', () => ofType('subscribed').length === 1);
    expect(ofType('subscribed')[0]).toEqual({ type: 'subscribed', topic: 'dev/echo', ok: true, granted: 1 });

    const ref = client.publish('dev/echo', '{"id":"1","params":{"t":21.5}}', { qos: 1 });
    await until('acked and echoed', () => ofType('acked').length === 1 && ofType('message').length === 1);
    expect(ofType('acked')[0]).toMatchObject({ ref, topic: 'dev/echo' });
    const [message] = ofType('message');
    expect(message).toMatchObject({ topic: 'dev/echo', qos: 1, retain: false });
    expect(Buffer.from(message!.payload).toString()).toBe('{"id":"1","params":{"t":21.5}}');
    // We acknowledge the echo after our handler returned; the broker processes that PUBACK.
    await until('our PUBACK reached the broker', () => acksFromUs === 1);
    await until('watcher saw it', () => watcherSaw.some((m) => m.topic === 'dev/echo'));
    expect(watcherSaw.find((m) => m.topic === 'dev/echo')!.payload).toBe('{"id":"1","params":{"t":21.5}}');
  });

  it('reports a broker-initiated disconnect as PEER_CLOSED', async () => {
    aedesClients.get(CLIENT_ID)!.close();
    await until('closed', () => ofType('closed').length === 1);
    expect(ofType('closed')[0]).toMatchObject({ type: 'closed', reason: 'PEER_CLOSED' });
    expect(client.state()).toBe('IDLE');
  });

  it('reconnects with clean=false and the broker resumes the session (its subscription still delivers)', async () => {
    expect(client.connect(credentials())).toBeNull();
    await until('connected again', () => ofType('connected').length === 2);
    expect(ofType('connected')[1]).toEqual({ type: 'connected', sessionPresent: true });
    client.publish('dev/echo', 'after resume', { qos: 1 });
    await until('echo after resume', () => ofType('message').length === 2);
    expect(ofType('message')[1]).toMatchObject({ topic: 'dev/echo', dup: false });
    expect(Buffer.from(ofType('message')[1]!.payload).toString()).toBe('after resume');
    await until('our PUBACK reached the broker', () => acksFromUs === 2);
  });

  it('resends the unacknowledged QoS1 publish with DUP and the same packet id after the session is resumed', async () => {
    const before = seenAtBroker.length;
    swallowNextUnacked = true;
    const ref = client.publish(UNACKED_TOPIC, 'must arrive', { qos: 1 });
    await until('connection lost before PUBACK', () => ofType('closed').length === 2);
    const first = seenAtBroker.slice(before).filter((p) => p.topic === UNACKED_TOPIC);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ dup: false, qos: 1 });
    expect(ofType('acked').some((e) => e.ref === ref)).toBe(false);
    expect(client.stats().inflight).toBe(1);

    expect(client.connect(credentials())).toBeNull();
    await until('acked after resend', () => ofType('acked').some((e) => e.ref === ref));
    expect(ofType('connected')[2]).toEqual({ type: 'connected', sessionPresent: true });
    const attempts = seenAtBroker.slice(before).filter((p) => p.topic === UNACKED_TOPIC);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]).toEqual({ topic: UNACKED_TOPIC, messageId: attempts[0]!.messageId, dup: true, qos: 1 });
    await until('watcher saw the resent message', () => watcherSaw.some((m) => m.topic === UNACKED_TOPIC));
    expect(watcherSaw.filter((m) => m.topic === UNACKED_TOPIC)).toEqual([{ topic: UNACKED_TOPIC, payload: 'must arrive' }]);
    expect(client.stats().inflight).toBe(0);
  });

  it('receives what the mqtt npm client publishes, and disconnects cleanly', async () => {
    await watcher.publishAsync('dev/echo', 'from mqtt.js', { qos: 1 });
    await until('message from mqtt.js', () => ofType('message').some((m) => Buffer.from(m.payload).toString() === 'from mqtt.js'));
    client.disconnect();
    expect(ofType('closed').at(-1)).toMatchObject({ reason: 'DISCONNECTED' });
    expect(logLines.some((l) => l.message.includes('F00DF00DF00D'))).toBe(false);
  });
});
