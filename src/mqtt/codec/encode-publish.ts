// PUBLISH [MQTT-3.3]: flags DUP/QoS/RETAIN, topic name, packet id (QoS 1 only), payload bytes.

import { PUBLISH_FLAG_DUP, PUBLISH_FLAG_QOS_SHIFT, PUBLISH_FLAG_RETAIN, TYPE_PUBLISH } from './constants';
import { encodeError, EncodeError, EncodeResult } from './errors';
import { checkPacketFits, stringFieldBytes, writeBytes, writeFixedHeader, writeStringField, writeU16 } from './fields';
import { PublishPacket } from './packets';
import { checkPacketId, checkQos, checkTopicName } from './validate';

function checkPublish(p: PublishPacket): EncodeError | null {
  const invalid = checkQos(p.qos) || checkTopicName(p.topic);
  if (invalid !== null) return invalid;
  if (p.qos === 0 && p.dup) {
    return encodeError('INVALID_FLAGS', 'DUP is only for QoS 1 resends [MQTT-3.3.1-2]: clear dup on a QoS 0 publish');
  }
  return p.qos === 0 ? null : checkPacketId(p.packetId);
}

function publishFirstByte(p: PublishPacket): number {
  let first = (TYPE_PUBLISH << 4) | (p.qos << PUBLISH_FLAG_QOS_SHIFT);
  if (p.dup) first |= PUBLISH_FLAG_DUP;
  if (p.retain) first |= PUBLISH_FLAG_RETAIN;
  return first;
}

/** Encodes PUBLISH at the start of `buf`: the byte length written, or why nothing was written. */
export function encodePublish(buf: Uint8Array, p: PublishPacket): EncodeResult {
  const invalid = checkPublish(p);
  if (invalid !== null) return invalid;
  const topicBytes = stringFieldBytes(p.topic, 'topic');
  if (typeof topicBytes !== 'number') return topicBytes;
  const body = 2 + topicBytes + (p.qos > 0 ? 2 : 0) + p.payload.length;
  const tooBig = checkPacketFits(buf, body);
  if (tooBig !== null) return tooBig;
  let pos = writeFixedHeader(buf, publishFirstByte(p), body);
  pos = writeStringField(buf, pos, p.topic, topicBytes);
  if (p.qos > 0) pos = writeU16(buf, pos, p.packetId as number);
  return writeBytes(buf, pos, p.payload);
}
