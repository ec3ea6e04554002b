// SUBSCRIBE [MQTT-3.8] and UNSUBSCRIBE [MQTT-3.10]: packet id, then a list of topic filters (with QoS for
// SUBSCRIBE). Both carry fixed-header flags 0b0010.

import { FLAGS_0010, TYPE_SUBSCRIBE, TYPE_UNSUBSCRIBE } from './constants';
import { encodeError, EncodeError, EncodeResult } from './errors';
import { checkPacketFits, stringFieldBytes, writeFixedHeader, writeStringField, writeU16 } from './fields';
import { SubscribePacket, UnsubscribePacket } from './packets';
import { checkPacketId, checkQos, checkTopicFilter } from './validate';

function checkList(count: number, what: string): EncodeError | null {
  if (count > 0) return null;
  return encodeError('EMPTY_LIST', what + ' needs at least one topic filter');
}

/**
 * Validates the filters and returns the body size: packet id + each (prefix + filter + `perFilterExtra`),
 * or the first error. `byteLengths` receives each filter's UTF-8 length for the writer.
 */
function measureFilters(topics: string[], perFilterExtra: number, byteLengths: number[]): number | EncodeError {
  let body = 2;
  for (let i = 0; i < topics.length; i++) {
    const invalid = checkTopicFilter(topics[i]);
    if (invalid !== null) return invalid;
    const bytes = stringFieldBytes(topics[i], 'topic filter');
    if (typeof bytes !== 'number') return bytes;
    byteLengths.push(bytes);
    body += 2 + bytes + perFilterExtra;
  }
  return body;
}

function subscriptionTopics(p: SubscribePacket): string[] | EncodeError {
  const topics: string[] = [];
  for (let i = 0; i < p.subscriptions.length; i++) {
    const invalid = checkQos(p.subscriptions[i].qos);
    if (invalid !== null) return invalid;
    topics.push(p.subscriptions[i].topic);
  }
  return topics;
}

/** Encodes SUBSCRIBE at the start of `buf`: the byte length written, or why nothing was written. */
export function encodeSubscribe(buf: Uint8Array, p: SubscribePacket): EncodeResult {
  const invalid = checkPacketId(p.packetId) || checkList(p.subscriptions.length, 'SUBSCRIBE');
  if (invalid !== null) return invalid;
  const topics = subscriptionTopics(p);
  if (!(topics instanceof Array)) return topics;
  const byteLengths: number[] = [];
  const body = measureFilters(topics, 1, byteLengths);
  if (typeof body !== 'number') return body;
  const tooBig = checkPacketFits(buf, body);
  if (tooBig !== null) return tooBig;
  let pos = writeU16(buf, writeFixedHeader(buf, (TYPE_SUBSCRIBE << 4) | FLAGS_0010, body), p.packetId);
  for (let i = 0; i < topics.length; i++) {
    pos = writeStringField(buf, pos, topics[i], byteLengths[i]);
    buf[pos++] = p.subscriptions[i].qos;
  }
  return pos;
}

/** Encodes UNSUBSCRIBE at the start of `buf`: the byte length written, or why nothing was written. */
export function encodeUnsubscribe(buf: Uint8Array, p: UnsubscribePacket): EncodeResult {
  const invalid = checkPacketId(p.packetId) || checkList(p.topics.length, 'UNSUBSCRIBE');
  if (invalid !== null) return invalid;
  const byteLengths: number[] = [];
  const body = measureFilters(p.topics, 0, byteLengths);
  if (typeof body !== 'number') return body;
  const tooBig = checkPacketFits(buf, body);
  if (tooBig !== null) return tooBig;
  let pos = writeU16(buf, writeFixedHeader(buf, (TYPE_UNSUBSCRIBE << 4) | FLAGS_0010, body), p.packetId);
  for (let i = 0; i < p.topics.length; i++) pos = writeStringField(buf, pos, p.topics[i], byteLengths[i]);
  return pos;
}
