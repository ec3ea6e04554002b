// A scripted MQTT broker on the mock board's network, for the client's unit tests. It reads what the device sends
// with mqtt-packet's parser and answers with bytes mqtt-packet generates, so the client is checked against an
// implementation nobody here wrote. Each behaviour (CONNACK code, session present, PUBACK, SUBACK, PINGRESP) can be
// changed between connections or withheld.

import * as mqttPacket from 'mqtt-packet';
import { createMockBoard, type MockBoard, type MockBoardOptions, type MockPeer } from '../../../../hal/mock';
import { MqttClient, type ClientEvent, type ClientOptions, type ClientSizes, type Credentials } from '../../../../src/mqtt/client';

export const HOST = 'broker.test';
export const PORT = 8883;
export const CA = 'test-ca';

export type Received = mqttPacket.Packet & { conn: number };

export interface BrokerBehaviour {
  /** CONNACK return code; null: never answer CONNECT. Default 0. */
  connackCode: number | null;
  /** CONNACK session present (only sent with code 0). Default false. */
  sessionPresent: boolean;
  /** Answer QoS1 PUBLISH with PUBACK. Default true. */
  puback: boolean;
  /** Answer SUBSCRIBE with SUBACK granting this (0x80 = failure); null: never answer. Default: the requested QoS. */
  granted: number | null | 'requested';
  /** Answer PINGREQ. Default true. */
  pingresp: boolean;
  unsuback: boolean;
}

export class ScriptedBroker {
  readonly received: Received[] = [];
  readonly peers: MockPeer[] = [];
  behaviour: BrokerBehaviour = {
    connackCode: 0,
    sessionPresent: false,
    puback: true,
    granted: 'requested',
    pingresp: true,
    unsuback: true,
  };

  constructor(board: MockBoard) {
    board.net.listen(`${HOST}:${PORT}`, (peer) => this.accept(peer), { tls: { ca: CA, names: [HOST] } });
  }

  /** The connection the device opened last. */
  get peer(): MockPeer {
    return this.peers[this.peers.length - 1]!;
  }

  /** Packets of one kind the device sent, in order. */
  of<C extends mqttPacket.PacketCmd>(cmd: C): (Extract<mqttPacket.Packet, { cmd: C }> & { conn: number })[] {
    return this.received.filter((p) => p.cmd === cmd) as (Extract<mqttPacket.Packet, { cmd: C }> & { conn: number })[];
  }

  /** Sends a packet (mqtt-packet object) to the device on the current connection. */
  send(packet: mqttPacket.Packet): void {
    this.peer.send(new Uint8Array(mqttPacket.generate(packet)));
  }

  sendBytes(bytes: Uint8Array): void {
    this.peer.send(bytes);
  }

  private accept(peer: MockPeer): void {
    this.peers.push(peer);
    const conn = this.peers.length;
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (packet: mqttPacket.Packet) => {
      this.received.push({ ...packet, conn } as Received);
      this.answer(peer, packet);
    });
    parser.on('error', (error: Error) => {
      throw new Error('the device sent bytes mqtt-packet cannot parse: ' + error.message);
    });
    peer.onData = (bytes) => parser.parse(Buffer.from(bytes));
  }

  private answer(peer: MockPeer, packet: mqttPacket.Packet): void {
    const b = this.behaviour;
    const reply = (p: mqttPacket.Packet) => peer.send(new Uint8Array(mqttPacket.generate(p)));
    if (packet.cmd === 'connect' && b.connackCode !== null) {
      reply({ cmd: 'connack', returnCode: b.connackCode, sessionPresent: b.connackCode === 0 && b.sessionPresent });
    } else if (packet.cmd === 'publish' && packet.qos === 1 && b.puback) {
      reply({ cmd: 'puback', messageId: packet.messageId });
    } else if (packet.cmd === 'subscribe' && b.granted !== null) {
      const granted = packet.subscriptions.map((s) => (b.granted === 'requested' ? s.qos : (b.granted as number)));
      reply({ cmd: 'suback', messageId: packet.messageId!, granted });
    } else if (packet.cmd === 'unsubscribe' && b.unsuback) {
      reply({ cmd: 'unsuback', messageId: packet.messageId! } as mqttPacket.IUnsubackPacket);
    } else if (packet.cmd === 'pingreq' && b.pingresp) {
      reply({ cmd: 'pingresp' });
    }
  }
}

export const SIZES: ClientSizes = { mqttRxBuffer: 256, mqttTxBuffer: 256, qos1Window: 2, offlineQueue: 3 };

export function credentials(overrides: Partial<Credentials> = {}): Credentials {
  return {
    host: HOST,
    port: PORT,
    tls: true,
    ca: [CA],
    clientId: 'a1B2c3D4e5F.dev1|securemode=2,signmethod=hmacsha256|',
    username: 'dev1&a1B2c3D4e5F',
    password: '0123456789ABCDEF0123456789ABCDEF',
    keepalive: 60,
    clean: true,
    ...overrides,
  };
}

export interface Rig {
  board: MockBoard;
  broker: ScriptedBroker;
  client: MqttClient;
  events: ClientEvent[];
  /** Events of one type, in order. */
  ofType<T extends ClientEvent['type']>(type: T): Extract<ClientEvent, { type: T }>[];
  /** Runs every timer and delivery due now (virtual time stands still). */
  settle(): void;
  /** connect() with these credentials and settle; asserts it returned null. */
  connect(overrides?: Partial<Credentials>): void;
}

export function rig(
  options: { sizes?: Partial<ClientSizes>; client?: ClientOptions; board?: MockBoardOptions; onEvent?: (e: ClientEvent, r: Rig) => void } = {},
): Rig {
  const board = createMockBoard(options.board);
  const broker = new ScriptedBroker(board);
  const events: ClientEvent[] = [];
  const r = {} as Rig;
  const client = new MqttClient(board.hal, { ...SIZES, ...options.sizes }, {
    ...options.client,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e, r);
    },
  });
  Object.assign(r, {
    board,
    broker,
    client,
    events,
    ofType: (type: string) => events.filter((e) => e.type === type),
    settle: () => board.clock.runDue(),
    connect: (overrides: Partial<Credentials> = {}) => {
      const error = client.connect(credentials(overrides));
      if (error !== null) throw new Error('connect refused: ' + error.code + ' ' + error.message);
      board.clock.runDue();
    },
  });
  return r;
}

/** A PUBLISH from the broker as mqtt-packet generates it. */
export function publishPacket(topic: string, payload: string, qos: 0 | 1, messageId?: number, extra: Partial<mqttPacket.IPublishPacket> = {}): mqttPacket.IPublishPacket {
  const p: mqttPacket.IPublishPacket = { cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: false, dup: false, ...extra };
  if (qos > 0) p.messageId = messageId;
  return p;
}

export function text(bytes: Uint8Array | Buffer | string): string {
  return typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
}
