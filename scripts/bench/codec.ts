// Encode+decode throughput of our MQTT codec beside mqtt-packet, on the same packet mix, in the same run.
// Not a test: speed is measured here and judged against budgets elsewhere (DESIGN.md, "Measure, don't assume").

import { performance } from 'node:perf_hooks';
import * as mqttPacket from 'mqtt-packet';
import { encodePuback, encodePublish, MqttDecoder, PublishPacket } from '../../src/mqtt/codec';

export interface CodecBenchResult {
  ours: { opsPerSec: number };
  mqttPacket: { opsPerSec: number };
  /** ours / mqttPacket: above 1 means ours is faster. */
  ratio: number;
  packetMix: string;
}

const PRODUCT = 'a1B2c3D4e5F';
const DEVICE = 'device-0001';
const POST_TOPIC = '/sys/' + PRODUCT + '/' + DEVICE + '/thing/event/property/post';
const SET_TOPIC = '/sys/' + PRODUCT + '/' + DEVICE + '/thing/service/property/set';
const POST_BODY = '{"id":"123","version":"1.0","params":{"temperature":23.5,"humidity":41},"method":"thing.event.property.post"}';
const SET_BODY = '{"id":"456","version":"1.0","params":{"LightSwitch":1}}';

const MIX: PublishPacket[] = [
  { topic: POST_TOPIC, payload: new Uint8Array(Buffer.from(POST_BODY)), qos: 1, retain: false, dup: false, packetId: 1 },
  { topic: SET_TOPIC, payload: new Uint8Array(Buffer.from(SET_BODY)), qos: 0, retain: false, dup: false },
  { topic: POST_TOPIC, payload: new Uint8Array(1024).fill(0x5a), qos: 1, retain: false, dup: false, packetId: 2 },
];
const PUBACK_ID = 1;
const PACKETS_PER_ROUND = MIX.length + 1;

const PACKET_MIX =
  'PUBLISH QoS1 ' + POST_BODY.length + ' B JSON, PUBLISH QoS0 ' + SET_BODY.length + ' B JSON, PUBLISH QoS1 1024 B, PUBACK ' +
  '(topics /sys/<pk>/<dn>/thing/…, ' + POST_TOPIC.length + ' chars); each packet encoded then decoded';

/** One round with our codec: encode each packet into the transmit buffer and push it through the decoder. */
function oursRound(tx: Uint8Array, decoder: MqttDecoder): void {
  for (let i = 0; i < MIX.length; i++) decoder.push(tx, 0, encodePublish(tx, MIX[i]) as number);
  decoder.push(tx, 0, encodePuback(tx, PUBACK_ID) as number);
}

function mqttPacketObjects(): mqttPacket.Packet[] {
  const objects: mqttPacket.Packet[] = MIX.map((p) => {
    const payload = Buffer.from(p.payload);
    const o: mqttPacket.IPublishPacket = { cmd: 'publish', topic: p.topic, payload, qos: p.qos, retain: p.retain, dup: p.dup };
    if (p.qos > 0) o.messageId = p.packetId;
    return o;
  });
  objects.push({ cmd: 'puback', messageId: PUBACK_ID });
  return objects;
}

function timeRounds(rounds: number, round: () => void): number {
  const start = performance.now();
  for (let i = 0; i < rounds; i++) round();
  return performance.now() - start;
}

function opsPerSec(rounds: number, ms: number): number {
  return Math.round((rounds * PACKETS_PER_ROUND * 1000) / Math.max(ms, 1e-6));
}

export function benchCodec(opts?: { iterations?: number }): CodecBenchResult {
  const rounds = opts?.iterations ?? 20_000;
  const warmup = Math.min(2_000, rounds);

  const tx = new Uint8Array(2048);
  let ourEvents = 0;
  const decoder = new MqttDecoder(2048, () => ourEvents++);
  const ours = () => oursRound(tx, decoder);

  const objects = mqttPacketObjects();
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  let theirEvents = 0;
  parser.on('packet', () => theirEvents++);
  const theirs = () => {
    for (let i = 0; i < objects.length; i++) parser.parse(mqttPacket.generate(objects[i]));
  };

  timeRounds(warmup, ours);
  timeRounds(warmup, theirs);
  const oursMs = timeRounds(rounds, ours);
  const theirsMs = timeRounds(rounds, theirs);

  const expected = (warmup + rounds) * PACKETS_PER_ROUND;
  if (ourEvents !== expected || theirEvents !== expected) {
    throw new Error('codec bench decoded ' + ourEvents + ' (ours) / ' + theirEvents + ' (mqtt-packet) packets, expected ' + expected);
  }
  const result = { ours: { opsPerSec: opsPerSec(rounds, oursMs) }, mqttPacket: { opsPerSec: opsPerSec(rounds, theirsMs) } };
  return { ...result, ratio: Math.round((result.ours.opsPerSec / result.mqttPacket.opsPerSec) * 100) / 100, packetMix: PACKET_MIX };
}
