// Decoding one complete packet body held in the receive buffer (buf[0..length)), once the fixed header has
// been judged by header-rules.ts. Every field is bounds-checked against `length`.

import {
  CONNACK_MAX_RETURN_CODE,
  PUBLISH_FLAG_DUP,
  PUBLISH_FLAG_RETAIN,
  SUBACK_FAILURE,
  TYPE_CONNACK,
  TYPE_PINGRESP,
  TYPE_PUBACK,
  TYPE_PUBLISH,
  TYPE_SUBACK,
  TYPE_UNSUBACK,
} from './constants';
import { protocolError, ProtocolErrorEvent } from './events';
import { publishQos } from './header-rules';
import { IncomingPacket, IncomingPublishPacket } from './packets';
import { decodeUtf8 } from './utf8';

export type BodyResult = IncomingPacket | ProtocolErrorEvent;

export function readU16(buf: Uint8Array, pos: number): number {
  return (buf[pos] << 8) | buf[pos + 1];
}

function decodeConnack(buf: Uint8Array): BodyResult {
  const flags = buf[0];
  const returnCode = buf[1];
  if ((flags & 0xfe) !== 0) {
    return protocolError('INVALID_FLAGS', TYPE_CONNACK, 'CONNACK acknowledge flags ' + flags + ': bits 7-1 are reserved');
  }
  if (returnCode > CONNACK_MAX_RETURN_CODE) {
    return protocolError('INVALID_RETURN_CODE', TYPE_CONNACK, 'CONNACK return code ' + returnCode + ' is reserved');
  }
  if (flags !== 0 && returnCode !== 0) {
    return protocolError('INVALID_FLAGS', TYPE_CONNACK, 'CONNACK refusal with session present set [MQTT-3.2.2-4]');
  }
  return { type: 'connack', sessionPresent: flags === 1, returnCode: returnCode };
}

/** Why a decoded topic name may not appear in a PUBLISH, or null when it may. */
export function topicNameProblem(topic: string): string | null {
  if (topic.length === 0) return 'is empty';
  if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) return 'holds a wildcard [MQTT-3.3.2-2]';
  if (topic.indexOf('\u0000') >= 0) return 'holds U+0000 [MQTT-1.5.3-2]';
  return null;
}

/** The topic of a PUBLISH body starting at buf[0], or the error; `length` bounds the fields. */
function decodeTopic(buf: Uint8Array, length: number): string | ProtocolErrorEvent {
  if (length < 2) return protocolError('FIELD_OVERRUN', TYPE_PUBLISH, 'PUBLISH too short for its topic length');
  const end = 2 + readU16(buf, 0);
  if (end > length) return protocolError('FIELD_OVERRUN', TYPE_PUBLISH, 'PUBLISH topic runs past the end of the packet');
  const topic = decodeUtf8(buf, 2, end);
  if (topic === null) return protocolError('INVALID_UTF8', TYPE_PUBLISH, 'PUBLISH topic is not well-formed UTF-8');
  const problem = topicNameProblem(topic);
  if (problem !== null) return protocolError('INVALID_TOPIC', TYPE_PUBLISH, 'PUBLISH topic ' + problem);
  return topic;
}

function decodePublish(buf: Uint8Array, length: number, firstByte: number): BodyResult {
  const topic = decodeTopic(buf, length);
  if (typeof topic !== 'string') return topic;
  const qos = publishQos(firstByte) as 0 | 1 | 2;
  let pos = 2 + readU16(buf, 0);
  let packetId = 0;
  if (qos > 0) {
    if (pos + 2 > length) {
      return protocolError('FIELD_OVERRUN', TYPE_PUBLISH, 'PUBLISH packet id runs past the end of the packet');
    }
    packetId = readU16(buf, pos);
    if (packetId === 0) return protocolError('INVALID_PACKET_ID', TYPE_PUBLISH, 'PUBLISH with QoS ' + qos + ' has packet id 0');
    pos += 2;
  }
  const packet: IncomingPublishPacket = {
    type: 'publish',
    topic: topic,
    payload: buf.slice(pos, length),
    qos: qos,
    retain: (firstByte & PUBLISH_FLAG_RETAIN) !== 0,
    dup: (firstByte & PUBLISH_FLAG_DUP) !== 0,
    packetId: packetId,
  };
  return packet;
}

/** The packet id of a PUBACK/UNSUBACK/SUBACK (first two body bytes), or the error when it is 0. */
function decodePacketId(buf: Uint8Array, type: number, name: string): number | ProtocolErrorEvent {
  const packetId = readU16(buf, 0);
  if (packetId !== 0) return packetId;
  return protocolError('INVALID_PACKET_ID', type, name + ' has packet id 0');
}

function isSubackCode(code: number): boolean {
  return code === 0 || code === 1 || code === 2 || code === SUBACK_FAILURE;
}

function decodeSuback(buf: Uint8Array, length: number): BodyResult {
  const packetId = decodePacketId(buf, TYPE_SUBACK, 'SUBACK');
  if (typeof packetId !== 'number') return packetId;
  const granted: number[] = [];
  for (let pos = 2; pos < length; pos++) {
    if (!isSubackCode(buf[pos])) {
      return protocolError('INVALID_RETURN_CODE', TYPE_SUBACK, 'SUBACK return code ' + buf[pos] + ' is reserved');
    }
    granted.push(buf[pos]);
  }
  return { type: 'suback', packetId: packetId, granted: granted };
}

function decodePuback(buf: Uint8Array): BodyResult {
  const packetId = decodePacketId(buf, TYPE_PUBACK, 'PUBACK');
  return typeof packetId === 'number' ? { type: 'puback', packetId: packetId } : packetId;
}

function decodeUnsuback(buf: Uint8Array): BodyResult {
  const packetId = decodePacketId(buf, TYPE_UNSUBACK, 'UNSUBACK');
  return typeof packetId === 'number' ? { type: 'unsuback', packetId: packetId } : packetId;
}

/**
 * Decodes the body buf[0..length) of a packet whose first byte passed checkFirstByte and whose length passed
 * checkRemainingLength.
 */
export function decodeBody(buf: Uint8Array, length: number, firstByte: number): BodyResult {
  const type = firstByte >> 4;
  if (type === TYPE_PUBLISH) return decodePublish(buf, length, firstByte);
  if (type === TYPE_PUBACK) return decodePuback(buf);
  if (type === TYPE_CONNACK) return decodeConnack(buf);
  if (type === TYPE_SUBACK) return decodeSuback(buf, length);
  if (type === TYPE_UNSUBACK) return decodeUnsuback(buf);
  if (type === TYPE_PINGRESP) return { type: 'pingresp' };
  // Unreachable: checkFirstByte lets no other type through.
  return protocolError('FORBIDDEN_PACKET_TYPE', type, 'packet type ' + type + ' reached the body decoder');
}
