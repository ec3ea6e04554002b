// fast-check arbitraries for what a server sends, as mqtt-packet packet objects, and the event our decoder
// must report for each.

import fc from 'fast-check';
import type * as mqttPacket from 'mqtt-packet';
import type { IncomingPacket } from '../../../../src/mqtt/codec';
import { packetIdArb, payloadArb, topicNameArb } from './helpers';

export interface ServerCase {
  packet: mqttPacket.Packet;
  expected: IncomingPacket;
}

export const connackArb: fc.Arbitrary<ServerCase> = fc
  .record({ returnCode: fc.integer({ min: 0, max: 5 }), sessionPresent: fc.boolean() })
  .map(({ returnCode, sessionPresent }) => {
    const present = returnCode === 0 && sessionPresent;
    return {
      packet: { cmd: 'connack', returnCode, sessionPresent: present },
      expected: { type: 'connack', returnCode, sessionPresent: present },
    };
  });

export const serverPublishArb: fc.Arbitrary<ServerCase> = fc
  .record({
    topic: topicNameArb,
    payload: payloadArb,
    qos: fc.constantFrom<0 | 1 | 2>(0, 1, 1, 2),
    retain: fc.boolean(),
    dup: fc.boolean(),
    messageId: packetIdArb,
  })
  .map(({ topic, payload, qos, retain, dup, messageId }) => {
    const d = qos > 0 && dup;
    const packet: mqttPacket.IPublishPacket = { cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain, dup: d };
    if (qos > 0) packet.messageId = messageId;
    return {
      packet,
      expected: { type: 'publish', topic, payload: new Uint8Array(payload), qos, retain, dup: d, packetId: qos > 0 ? messageId : 0 },
    };
  });

export const pubackArb: fc.Arbitrary<ServerCase> = packetIdArb.map((messageId) => ({
  packet: { cmd: 'puback', messageId },
  expected: { type: 'puback', packetId: messageId },
}));

export const subackArb: fc.Arbitrary<ServerCase> = fc
  .record({ messageId: packetIdArb, granted: fc.array(fc.constantFrom(0, 1, 2, 0x80), { minLength: 1, maxLength: 40 }) })
  .map(({ messageId, granted }) => ({
    packet: { cmd: 'suback', messageId, granted },
    expected: { type: 'suback', packetId: messageId, granted },
  }));

export const unsubackArb: fc.Arbitrary<ServerCase> = packetIdArb.map((messageId) => ({
  // mqtt-packet's types demand MQTT 5 reason codes ('granted') even for version 4, where none go on the wire.
  packet: { cmd: 'unsuback', messageId } as mqttPacket.IUnsubackPacket,
  expected: { type: 'unsuback', packetId: messageId },
}));

export const pingrespArb: fc.Arbitrary<ServerCase> = fc.constant({
  packet: { cmd: 'pingresp' },
  expected: { type: 'pingresp' },
});

export const serverPacketArb: fc.Arbitrary<ServerCase> = fc.oneof(
  connackArb,
  { weight: 3, arbitrary: serverPublishArb },
  pubackArb,
  subackArb,
  unsubackArb,
  pingrespArb,
);
