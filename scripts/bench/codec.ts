// Our MQTT codec beside mqtt-packet, one row per packet type and direction, each a fair comparison (compare.ts):
// the same packet on both sides, checked to give the same bytes (encode) or the same fields (decode) before any
// timing, the same allocation semantics (each encode hands back a new byte array of the packet: mqtt-packet's
// generate() allocates one, ours encodes into the transmit buffer and copies the packet out), alternating order.
// Not a test: speed is measured here and judged against budgets (bench/budgets.json).

import * as mqttPacket from 'mqtt-packet';
import {
  encodeConnect,
  encodePuback,
  encodePublish,
  MqttDecoder,
  type ConnectPacket,
  type DecoderEvent,
  type EncodeResult,
  type PublishPacket,
} from '../../src/mqtt/codec';
import { compare, type CompareOptions, type Comparison, type Contender } from './compare';

const PRODUCT = 'a1B2c3D4e5F';
const DEVICE = 'device-0001';
const POST_TOPIC = '/sys/' + PRODUCT + '/' + DEVICE + '/thing/event/property/post';
/** Every encoded packet's length is added here, so no engine may skip an encode whose result nobody reads. */
export const kept = { bytes: 0 };
/** Large enough for the biggest packet of the rows (a 4 KiB PUBLISH). */
const TX_BYTES = 8192;

export interface CodecRow {
  /** e.g. "PUBLISH encode, QoS1, 512 B payload". */
  name: string;
  /** Figure key: publishEncode512, connackDecode, … */
  key: string;
  comparison: Comparison;
}

interface RowSpec {
  name: string;
  key: string;
  ours: (n: number) => void;
  theirs: (n: number) => void;
}

function publishPacket(size: number): PublishPacket {
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = 0x20 + (i % 90);
  return { topic: POST_TOPIC, payload, qos: 1, retain: false, dup: false, packetId: 4242 };
}

function theirPublish(p: PublishPacket): mqttPacket.IPublishPacket {
  return { cmd: 'publish', topic: p.topic, payload: Buffer.from(p.payload), qos: p.qos, retain: p.retain, dup: p.dup, messageId: p.packetId };
}

const CONNECT: ConnectPacket = {
  clientId: PRODUCT + '.' + DEVICE + '|securemode=2,signmethod=hmacsha256,timestamp=2524608000000|',
  username: DEVICE + '&' + PRODUCT,
  password: '0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF',
  keepalive: 60,
  clean: true,
};

function theirConnect(): mqttPacket.IConnectPacket {
  return {
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clientId: CONNECT.clientId,
    username: CONNECT.username,
    password: Buffer.from(CONNECT.password as string),
    keepalive: CONNECT.keepalive,
    clean: CONNECT.clean,
  };
}

function bytesOf(result: EncodeResult, tx: Uint8Array, what: string): Uint8Array {
  if (typeof result !== 'number') throw new Error(`codec bench: our encoder refused ${what}: ${result.code} ${result.message}`);
  return tx.slice(0, result);
}

function sameBytes(a: Uint8Array, b: Uint8Array, what: string): void {
  if (a.length !== b.length || !a.every((x, i) => x === b[i])) {
    throw new Error(`codec bench: ours and mqtt-packet encode ${what} differently: the comparison would not be like with like`);
  }
}

/** An encode row: ours into the transmit buffer, then the packet copied out, beside mqtt-packet's generate(). */
function encodeRow(name: string, key: string, encode: (tx: Uint8Array) => EncodeResult, theirs: mqttPacket.Packet): RowSpec {
  const tx = new Uint8Array(TX_BYTES);
  sameBytes(bytesOf(encode(tx), tx, name), new Uint8Array(mqttPacket.generate(theirs)), name);
  return {
    name,
    key,
    ours: (n) => {
      for (let i = 0; i < n; i++) kept.bytes += bytesOf(encode(tx), tx, name).length;
    },
    theirs: (n) => {
      for (let i = 0; i < n; i++) kept.bytes += mqttPacket.generate(theirs).length;
    },
  };
}

/** What both decoders must agree on for a packet: its type and the fields of that type, as JSON. */
function oursSummary(e: DecoderEvent): string {
  switch (e.type) {
    case 'publish':
      return JSON.stringify(['publish', e.topic, Buffer.from(e.payload).toString('hex'), e.qos, e.packetId]);
    case 'connack':
      return JSON.stringify(['connack', e.sessionPresent, e.returnCode]);
    case 'suback':
      return JSON.stringify(['suback', e.packetId, e.granted]);
    case 'puback':
      return JSON.stringify(['puback', e.packetId]);
    default:
      return JSON.stringify([e.type]);
  }
}

function theirsSummary(p: mqttPacket.Packet): string {
  switch (p.cmd) {
    case 'publish':
      return JSON.stringify(['publish', p.topic, Buffer.from(p.payload as Buffer).toString('hex'), p.qos, p.messageId]);
    case 'connack':
      return JSON.stringify(['connack', p.sessionPresent, p.returnCode]);
    case 'suback':
      return JSON.stringify(['suback', p.messageId, p.granted]);
    case 'puback':
      return JSON.stringify(['puback', p.messageId]);
    default:
      return JSON.stringify([p.cmd]);
  }
}

/** A decode row: the same bytes pushed through our decoder and mqtt-packet's parser, one whole packet per push. */
function decodeRow(name: string, key: string, bytes: Uint8Array): RowSpec {
  let ourCount = 0;
  let ourLast = '';
  const decoder = new MqttDecoder(TX_BYTES, (e) => {
    ourCount++;
    if (ourCount === 1) ourLast = oursSummary(e);
  });
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  let theirCount = 0;
  let theirLast = '';
  parser.on('packet', (p: mqttPacket.Packet) => {
    theirCount++;
    if (theirCount === 1) theirLast = theirsSummary(p);
  });
  const buffer = Buffer.from(bytes);
  decoder.push(bytes, 0, bytes.length);
  parser.parse(buffer);
  if (ourCount !== 1 || theirCount !== 1 || ourLast !== theirLast) {
    throw new Error(`codec bench: the decoders disagree on ${name}: ours ${ourLast} (${ourCount}), mqtt-packet ${theirLast} (${theirCount})`);
  }
  return {
    name,
    key,
    ours: (n) => {
      for (let i = 0; i < n; i++) decoder.push(bytes, 0, bytes.length);
    },
    theirs: (n) => {
      for (let i = 0; i < n; i++) parser.parse(buffer);
    },
  };
}

function rowSpecs(): RowSpec[] {
  const rows: RowSpec[] = [];
  for (const size of [64, 512, 4096]) {
    const p = publishPacket(size);
    rows.push(encodeRow(`PUBLISH encode, QoS1, ${size} B payload`, `publishEncode${size}`, (tx) => encodePublish(tx, p), theirPublish(p)));
  }
  for (const size of [64, 512, 4096]) {
    const p = publishPacket(size);
    const bytes = new Uint8Array(mqttPacket.generate(theirPublish(p)));
    rows.push(decodeRow(`PUBLISH decode, QoS1, ${size} B payload`, `publishDecode${size}`, bytes));
  }
  rows.push(encodeRow('CONNECT encode (clientId, username, 64-char password)', 'connectEncode', (tx) => encodeConnect(tx, CONNECT), theirConnect()));
  rows.push(decodeRow('CONNACK decode', 'connackDecode', new Uint8Array([0x20, 0x02, 0x00, 0x00])));
  rows.push(decodeRow('SUBACK decode (one filter)', 'subackDecode', new Uint8Array([0x90, 0x03, 0x00, 0x07, 0x01])));
  rows.push(encodeRow('PUBACK encode', 'pubackEncode', (tx) => encodePuback(tx, 4242), { cmd: 'puback', messageId: 4242 }));
  rows.push(decodeRow('PUBACK decode', 'pubackDecode', new Uint8Array([0x40, 0x02, 0x10, 0x92])));
  return rows;
}

/** Every row, each compared fairly; `filter` keeps the rows whose key it accepts. */
export function benchCodec(options: CompareOptions = {}, filter: (key: string) => boolean = () => true): CodecRow[] {
  return rowSpecs()
    .filter((r) => filter(r.key))
    .map((r) => {
      const ours: Contender = { name: 'aliot', run: r.ours };
      const theirs: Contender = { name: 'mqtt-packet', run: r.theirs };
      return { name: r.name, key: r.key, comparison: compare(r.name, ours, theirs, options) };
    });
}
