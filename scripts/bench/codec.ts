// Our MQTT codec beside mqtt-packet, one row per packet type and direction, each a fair comparison (compare.ts):
// the same packet on both sides, checked to give the same bytes (encode) or the same fields (decode) before any
// timing, the same allocation semantics, alternating order. Each row states in its `what` line what is compared:
// - encode: each side returns a new Buffer from Buffer.allocUnsafe holding the packet (mqtt-packet's generate()
//   allocates it sized exactly; ours allocates an upper bound of the size, encodes into it and returns the
//   packet's view);
// - decode: the same bytes pushed whole; a PUBLISH row either lets both sides return a view of the input as the
//   payload (mqtt-packet does; ours with its `views` option) or makes both copy it (ours as on a device, whose
//   receive chunks are reused; mqtt-packet's view copied by Buffer.from).
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
  /** One line: exactly what the two sides do. */
  what: string;
  /** Figure key: publishEncode512, connackDecode, … */
  key: string;
  comparison: Comparison;
}

interface RowSpec {
  name: string;
  key: string;
  what: string;
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

/**
 * An encode row: each side returns a new Buffer from Buffer.allocUnsafe holding the packet. mqtt-packet's
 * generate() sizes it exactly; ours allocates `bound` bytes (at least the packet's size: 3 bytes per UTF-16 unit
 * of a string), encodes into it and returns the packet's subarray.
 */
function encodeRow(name: string, key: string, bound: number, encode: (buf: Uint8Array) => EncodeResult, theirs: mqttPacket.Packet): RowSpec {
  const fresh = (): Uint8Array => {
    const buf = Buffer.allocUnsafe(bound);
    const n = encode(buf);
    if (typeof n !== 'number') throw new Error(`codec bench: our encoder refused ${name}: ${n.code} ${n.message}`);
    return buf.subarray(0, n);
  };
  const tx = new Uint8Array(TX_BYTES);
  sameBytes(bytesOf(encode(tx), tx, name), new Uint8Array(mqttPacket.generate(theirs)), name);
  sameBytes(fresh(), new Uint8Array(mqttPacket.generate(theirs)), name);
  return {
    name,
    key,
    what: `${name}: each side returns a new Buffer.allocUnsafe() holding the packet (mqtt-packet generate(), sized exactly; ours sized by an upper bound, encoded into, its subarray)`,
    ours: (n) => {
      for (let i = 0; i < n; i++) kept.bytes += fresh().length;
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

/**
 * A decode row: the same bytes pushed through our decoder and mqtt-packet's parser, one whole packet per push.
 * `copy`: each side ends with its own copy of a PUBLISH payload (ours copies as on a device; mqtt-packet's payload,
 * a view of the input, is copied by Buffer.from); otherwise both return a view of the input (ours with `views`).
 */
function decodeRow(name: string, key: string, bytes: Uint8Array, copy: boolean): RowSpec {
  let ourCount = 0;
  let ourLast = '';
  const decoder = new MqttDecoder(
    TX_BYTES,
    (e) => {
      ourCount++;
      if (ourCount === 1) ourLast = oursSummary(e);
      if (e.type === 'publish') kept.bytes += e.payload.length;
    },
    !copy,
  );
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  let theirCount = 0;
  let theirLast = '';
  parser.on('packet', (p: mqttPacket.Packet) => {
    theirCount++;
    if (theirCount === 1) theirLast = theirsSummary(p);
    if (p.cmd === 'publish') kept.bytes += (copy ? Buffer.from(p.payload as Buffer) : p.payload).length;
  });
  const buffer = Buffer.from(bytes);
  decoder.push(bytes, 0, bytes.length);
  parser.parse(buffer);
  if (ourCount !== 1 || theirCount !== 1 || ourLast !== theirLast) {
    throw new Error(`codec bench: the decoders disagree on ${name}: ours ${ourLast} (${ourCount}), mqtt-packet ${theirLast} (${theirCount})`);
  }
  const publish = bytes[0]! >> 4 === 3;
  return {
    name,
    key,
    what:
      `${name}: the same bytes pushed whole into each side's decoder` +
      (!publish ? '' : copy ? '; both end with a copy of the payload (ours as on a device; mqtt-packet\'s view copied by Buffer.from)' : '; both return a view of the input as the payload (mqtt-packet as it does; ours with views on)'),
    ours: (n) => {
      for (let i = 0; i < n; i++) decoder.push(bytes, 0, bytes.length);
    },
    theirs: (n) => {
      for (let i = 0; i < n; i++) parser.parse(buffer);
    },
  };
}

/** At least the bytes a string takes in UTF-8 (3 per UTF-16 unit) plus its 2-byte length. */
function fieldBound(value: string | Uint8Array): number {
  return 2 + (typeof value === 'string' ? 3 * value.length : value.length);
}

function rowSpecs(): RowSpec[] {
  const rows: RowSpec[] = [];
  for (const size of [64, 512, 4096]) {
    const p = publishPacket(size);
    const bound = 5 + fieldBound(p.topic) + 2 + size;
    rows.push(encodeRow(`PUBLISH encode, QoS1, ${size} B payload`, `publishEncode${size}`, bound, (tx) => encodePublish(tx, p), theirPublish(p)));
  }
  for (const size of [64, 512, 4096]) {
    const p = publishPacket(size);
    const bytes = new Uint8Array(mqttPacket.generate(theirPublish(p)));
    rows.push(decodeRow(`PUBLISH decode, QoS1, ${size} B payload, payload a view`, `publishDecode${size}`, bytes, false));
    rows.push(decodeRow(`PUBLISH decode, QoS1, ${size} B payload, both copy it`, `publishDecodeCopy${size}`, bytes, true));
  }
  const connectBound = 5 + 10 + fieldBound(CONNECT.clientId) + fieldBound(CONNECT.username!) + fieldBound(CONNECT.password!);
  rows.push(encodeRow('CONNECT encode (clientId, username, 64-char password)', 'connectEncode', connectBound, (tx) => encodeConnect(tx, CONNECT), theirConnect()));
  rows.push(decodeRow('CONNACK decode', 'connackDecode', new Uint8Array([0x20, 0x02, 0x00, 0x00]), true));
  rows.push(decodeRow('SUBACK decode (one filter)', 'subackDecode', new Uint8Array([0x90, 0x03, 0x00, 0x07, 0x01]), true));
  rows.push(encodeRow('PUBACK encode', 'pubackEncode', 4, (tx) => encodePuback(tx, 4242), { cmd: 'puback', messageId: 4242 }));
  rows.push(decodeRow('PUBACK decode', 'pubackDecode', new Uint8Array([0x40, 0x02, 0x10, 0x92]), true));
  return rows;
}

/** Every row, each compared fairly; `filter` keeps the rows whose key it accepts. */
export function benchCodec(options: CompareOptions = {}, filter: (key: string) => boolean = () => true): CodecRow[] {
  return rowSpecs()
    .filter((r) => filter(r.key))
    .map((r) => {
      const ours: Contender = { name: 'aliot', run: r.ours };
      const theirs: Contender = { name: 'mqtt-packet', run: r.theirs };
      return { name: r.name, key: r.key, what: r.what, comparison: compare(r.what, ours, theirs, options) };
    });
}
