// fast-check arbitraries for what a client encodes, and how mqtt-packet should read each of them back.

import fc from 'fast-check';
import type { ConnectPacket, PublishPacket, SubscribePacket, UnsubscribePacket } from '../../../../src/mqtt/codec';
import { packetIdArb, payloadArb, qos01Arb, textArb, topicFilterArb, topicNameArb } from './helpers';

/** Bytes as hex: deep equality on strings is fast, on long arrays it is not. */
const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const arr = (b: Uint8Array | Buffer) => Buffer.from(b).toString('hex');

export const connectArb: fc.Arbitrary<ConnectPacket> = fc
  .record(
    {
      clientId: textArb,
      username: textArb,
      password: fc.oneof(textArb, fc.uint8Array({ maxLength: 64 })),
      keepalive: fc.integer({ min: 0, max: 65535 }),
      clean: fc.boolean(),
      will: fc.record({ topic: topicNameArb, payload: fc.uint8Array({ maxLength: 100 }), qos: qos01Arb, retain: fc.boolean() }),
    },
    { requiredKeys: ['clientId', 'keepalive', 'clean'] },
  )
  .map((p) => {
    const c: ConnectPacket = { ...p };
    if (c.password !== undefined && c.username === undefined) delete c.password;
    if (c.clientId === '') c.clean = true;
    return c;
  });

export const publishArb: fc.Arbitrary<PublishPacket> = fc
  .record({ topic: topicNameArb, payload: payloadArb, qos: qos01Arb, retain: fc.boolean(), dup: fc.boolean(), packetId: packetIdArb })
  .map((p) => (p.qos === 0 ? { ...p, dup: false } : p));

export const subscribeArb: fc.Arbitrary<SubscribePacket> = fc.record({
  packetId: packetIdArb,
  subscriptions: fc.array(fc.record({ topic: topicFilterArb, qos: qos01Arb }), { minLength: 1, maxLength: 8 }),
});

export const unsubscribeArb: fc.Arbitrary<UnsubscribePacket> = fc.record({
  packetId: packetIdArb,
  topics: fc.array(topicFilterArb, { minLength: 1, maxLength: 8 }),
});

/** What mqtt-packet's parser reports for our CONNECT, reduced to comparable fields. */
export function expectedConnect(p: ConnectPacket) {
  return {
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clientId: p.clientId,
    keepalive: p.keepalive,
    clean: p.clean,
    username: p.username,
    password: p.password === undefined ? undefined : typeof p.password === 'string' ? utf8(p.password) : arr(p.password),
    will: p.will && { topic: p.will.topic, payload: arr(p.will.payload), qos: p.will.qos, retain: p.will.retain },
  };
}

// mqtt-packet's parsed packet objects are loosely typed; the tests read them as records.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Parsed = any;

export function comparableConnect(parsed: Parsed) {
  return {
    cmd: parsed.cmd,
    protocolId: parsed.protocolId,
    protocolVersion: parsed.protocolVersion,
    clientId: parsed.clientId,
    keepalive: parsed.keepalive,
    clean: parsed.clean,
    username: parsed.username,
    password: parsed.password === undefined ? undefined : arr(parsed.password),
    will: parsed.will && { topic: parsed.will.topic, payload: arr(parsed.will.payload), qos: parsed.will.qos, retain: parsed.will.retain },
  };
}

export function expectedPublish(p: PublishPacket) {
  return { cmd: 'publish', topic: p.topic, payload: arr(p.payload), qos: p.qos, retain: p.retain, dup: p.dup, messageId: p.qos > 0 ? p.packetId : undefined };
}

export function comparablePublish(parsed: Parsed) {
  return {
    cmd: parsed.cmd,
    topic: parsed.topic,
    payload: arr(parsed.payload),
    qos: parsed.qos,
    retain: parsed.retain,
    dup: parsed.dup,
    messageId: parsed.messageId,
  };
}
