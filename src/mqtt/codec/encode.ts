// The encoders for what a client sends: CONNECT [MQTT-3.1], PUBLISH [MQTT-3.3], PUBACK [MQTT-3.4], SUBSCRIBE
// [MQTT-3.8], UNSUBSCRIBE [MQTT-3.10], PINGREQ [MQTT-3.12], DISCONNECT [MQTT-3.14]. Each checks its input and
// sizes the packet before writing anything, so a refused packet leaves the transmit buffer untouched.

import { UTF8_INVALID, writeUtf8 } from './utf8';
import {
  CONNECT_FLAG_CLEAN,
  CONNECT_FLAG_PASSWORD,
  CONNECT_FLAG_USERNAME,
  CONNECT_FLAG_WILL,
  CONNECT_FLAG_WILL_QOS_SHIFT,
  CONNECT_FLAG_WILL_RETAIN,
  FLAGS_0010,
  MAX_PACKET_ID,
  MAX_REMAINING_LENGTH,
  MAX_STRING_BYTES,
  PUBLISH_FLAG_DUP,
  PUBLISH_FLAG_QOS_SHIFT,
  PUBLISH_FLAG_RETAIN,
  TYPE_CONNECT,
  TYPE_DISCONNECT,
  TYPE_PINGREQ,
  TYPE_PUBACK,
  TYPE_PUBLISH,
  TYPE_SUBSCRIBE,
  TYPE_UNSUBSCRIBE,
} from './constants';
import { encodeError, EncodeError, EncodeErrorCode, EncodeResult } from './errors';
import { BytesOrString, ConnectPacket, PublishPacket, SubscribePacket, Subscription, UnsubscribePacket } from './packets';

/** Null when `value` is an integer in min..max; otherwise error `code`, naming `what` and the range. */
function checkInt(value: number | undefined, min: number, max: number, code: EncodeErrorCode, what: string): EncodeError | null {
  if (typeof value === 'number' && value >= min && value <= max && Math.floor(value) === value) return null;
  return encodeError(code, what + ' ' + value + ' is invalid: use an integer in ' + min + '..' + max);
}

/**
 * Null when `topic` may be a topic name (no wildcards [MQTT-4.7.1]) or, with `filter`, a topic filter ('#' only
 * as the whole last level, '+' only as a whole level); otherwise why not. Neither may be empty or hold U+0000.
 */
function checkTopic(topic: string, filter: boolean): EncodeError | null {
  const code: EncodeErrorCode = filter ? 'INVALID_TOPIC_FILTER' : 'INVALID_TOPIC';
  const what = filter ? 'topic filter' : 'topic';
  if (topic.length === 0) return encodeError(code, what + ' is empty: it needs at least one character');
  if (topic.indexOf('\u0000') >= 0) return encodeError(code, what + ' holds U+0000: remove the null character');
  if (!filter) {
    if (topic.indexOf('+') < 0 && topic.indexOf('#') < 0) return null;
    return encodeError(code, 'topic "' + topic + '" holds a wildcard: publish to a concrete topic name');
  }
  const levels = topic.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    const misplacedHash = level.indexOf('#') >= 0 && (level !== '#' || i !== levels.length - 1);
    if (misplacedHash || (level.indexOf('+') >= 0 && level !== '+')) {
      return encodeError(
        code,
        'topic filter "' + topic + '" misplaces a wildcard: "+" must fill a level, "#" must be the whole last level',
      );
    }
  }
  return null;
}

/**
 * The byte length of a length-prefixed field without its 2-byte prefix, or why it cannot be one: over 65535
 * bytes, a string with a lone surrogate (no UTF-8 form), or a `text` field (client id, username) holding U+0000
 * [MQTT-1.5.3-2].
 */
function fieldBytes(value: BytesOrString, what: string, text: boolean): number | EncodeError {
  if (typeof value !== 'string') {
    if (value.length <= MAX_STRING_BYTES) return value.length;
    return encodeError('STRING_TOO_LONG', what + ' is ' + value.length + ' bytes: the limit is 65535');
  }
  if (text && value.indexOf('\u0000') >= 0) return encodeError('INVALID_STRING', what + ' holds U+0000: remove the null character');
  const bytes = writeUtf8(value, null, 0);
  if (bytes === UTF8_INVALID) return encodeError('INVALID_STRING', what + ' holds a lone UTF-16 surrogate and has no UTF-8 form');
  if (bytes > MAX_STRING_BYTES) return encodeError('STRING_TOO_LONG', what + ' is ' + bytes + ' bytes in UTF-8: the limit is 65535');
  return bytes;
}

/** Writes a field fieldBytes accepted: its 2-byte length, then its bytes (a string in UTF-8). Returns the end. */
function writeField(buf: Uint8Array, pos: number, value: BytesOrString): number {
  let end = pos + 2 + value.length;
  if (typeof value === 'string') end = writeUtf8(value, buf, pos + 2);
  else buf.set(value, pos + 2);
  buf[pos] = (end - pos - 2) >> 8;
  buf[pos + 1] = (end - pos - 2) & 0xff;
  return end;
}

/**
 * Writes the fixed header for a body of `remaining` bytes at the start of `buf` and returns where the body goes,
 * or refuses, writing nothing, when the whole packet would not fit `buf` (BUFFER_TOO_SMALL, with `needed`) or
 * MQTT's limit. The remaining length takes 7 bits per byte, low bits first, at most 4 bytes [MQTT-2.2.3].
 */
export function writeFixedHeader(buf: Uint8Array, firstByte: number, remaining: number): number | EncodeError {
  if (remaining > MAX_REMAINING_LENGTH) {
    return encodeError('PACKET_TOO_LARGE', 'packet body of ' + remaining + ' bytes exceeds the MQTT limit of 268435455');
  }
  const total = remaining + (remaining < 128 ? 2 : remaining < 16384 ? 3 : remaining < 2097152 ? 4 : 5);
  if (total > buf.length) {
    const error = encodeError(
      'BUFFER_TOO_SMALL',
      'packet of ' + total + ' bytes does not fit the ' + buf.length + '-byte transmit buffer: send less or enlarge mqttTxBuffer',
    );
    error.needed = total;
    return error;
  }
  buf[0] = firstByte;
  let pos = 1;
  let rest = remaining;
  while (rest >= 128) {
    buf[pos++] = (rest & 0x7f) | 0x80;
    rest = rest >> 7;
  }
  buf[pos] = rest;
  return pos + 1;
}

/** Encodes CONNECT at the start of `buf`: the byte length written, or why nothing was written. */
export function encodeConnect(buf: Uint8Array, p: ConnectPacket): EncodeResult {
  const will = p.will;
  const password = p.password;
  if (p.clientId.length === 0 && !p.clean) {
    return encodeError('INVALID_CLIENT_ID', 'an empty client id needs clean = true [MQTT-3.1.3-7]: give a client id');
  }
  const invalid =
    checkInt(p.keepalive, 0, 65535, 'INVALID_KEEPALIVE', 'keepalive') ||
    (will !== undefined ? checkTopic(will.topic, false) || checkInt(will.qos, 0, 1, 'INVALID_QOS', 'QoS') : null);
  if (invalid !== null) return invalid;
  if (password !== undefined && p.username === undefined) {
    return encodeError('PASSWORD_WITHOUT_USERNAME', 'a password needs a username in MQTT 3.1.1: set username too');
  }
  // The variable header: protocol name (6), level (1), flags (1), keep-alive (2); then the client id.
  const clientId = fieldBytes(p.clientId, 'client id', true);
  if (typeof clientId !== 'number') return clientId;
  let body = 12 + clientId;
  let flags = p.clean ? CONNECT_FLAG_CLEAN : 0;
  if (will !== undefined) {
    const payload = fieldBytes(will.payload, 'will payload', false);
    if (typeof payload !== 'number') return payload;
    const topic = fieldBytes(will.topic, 'will topic', false);
    if (typeof topic !== 'number') return topic;
    body += 4 + topic + payload;
    flags |= CONNECT_FLAG_WILL | (will.qos << CONNECT_FLAG_WILL_QOS_SHIFT) | (will.retain ? CONNECT_FLAG_WILL_RETAIN : 0);
  }
  if (p.username !== undefined) {
    const username = fieldBytes(p.username, 'username', true);
    if (typeof username !== 'number') return username;
    body += 2 + username;
    flags |= CONNECT_FLAG_USERNAME;
  }
  if (password !== undefined) {
    const bytes = fieldBytes(password, 'password', false);
    if (typeof bytes !== 'number') return bytes;
    body += 2 + bytes;
    flags |= CONNECT_FLAG_PASSWORD;
  }
  let pos = writeFixedHeader(buf, TYPE_CONNECT << 4, body);
  if (typeof pos !== 'number') return pos;
  // Protocol name "MQTT" with its length, level 4 (3.1.1) [MQTT-3.1.2.1, 3.1.2.2].
  buf[pos] = 0;
  buf[pos + 1] = 4;
  buf[pos + 2] = 0x4d;
  buf[pos + 3] = 0x51;
  buf[pos + 4] = 0x54;
  buf[pos + 5] = 0x54;
  buf[pos + 6] = 4;
  pos += 7;
  buf[pos++] = flags;
  buf[pos++] = p.keepalive >> 8;
  buf[pos++] = p.keepalive & 0xff;
  pos = writeField(buf, pos, p.clientId);
  if (will !== undefined) pos = writeField(buf, writeField(buf, pos, will.topic), will.payload);
  if (p.username !== undefined) pos = writeField(buf, pos, p.username);
  return password !== undefined ? writeField(buf, pos, password) : pos;
}

/** Encodes PUBLISH at the start of `buf`: the byte length written, or why nothing was written. */
export function encodePublish(buf: Uint8Array, p: PublishPacket): EncodeResult {
  const qos = p.qos;
  const packetId = p.packetId as number;
  let invalid = checkInt(qos, 0, 1, 'INVALID_QOS', 'QoS') || checkTopic(p.topic, false);
  if (invalid === null && qos === 0 && p.dup) {
    invalid = encodeError('INVALID_FLAGS', 'DUP is only for QoS 1 resends [MQTT-3.3.1-2]: clear dup on a QoS 0 publish');
  }
  if (invalid === null && qos > 0) invalid = checkInt(packetId, 1, MAX_PACKET_ID, 'INVALID_PACKET_ID', 'packet id');
  if (invalid !== null) return invalid;
  const topic = fieldBytes(p.topic, 'topic', false);
  if (typeof topic !== 'number') return topic;
  let first = (TYPE_PUBLISH << 4) | (qos << PUBLISH_FLAG_QOS_SHIFT);
  if (p.dup) first |= PUBLISH_FLAG_DUP;
  if (p.retain) first |= PUBLISH_FLAG_RETAIN;
  let pos = writeFixedHeader(buf, first, 2 + topic + (qos > 0 ? 2 : 0) + p.payload.length);
  if (typeof pos !== 'number') return pos;
  pos = writeField(buf, pos, p.topic);
  if (qos > 0) {
    buf[pos++] = packetId >> 8;
    buf[pos++] = packetId & 0xff;
  }
  buf.set(p.payload, pos);
  return pos + p.payload.length;
}

/** Encodes PUBACK for `packetId` (1..65535): 4 bytes, or why nothing was written. */
export function encodePuback(buf: Uint8Array, packetId: number): EncodeResult {
  const invalid = checkInt(packetId, 1, MAX_PACKET_ID, 'INVALID_PACKET_ID', 'packet id');
  if (invalid !== null) return invalid;
  const pos = writeFixedHeader(buf, TYPE_PUBACK << 4, 2);
  if (typeof pos !== 'number') return pos;
  buf[2] = packetId >> 8;
  buf[3] = packetId & 0xff;
  return 4;
}

/** Encodes PINGREQ: 2 bytes, or BUFFER_TOO_SMALL. */
export function encodePingreq(buf: Uint8Array): EncodeResult {
  return writeFixedHeader(buf, TYPE_PINGREQ << 4, 0);
}

/** Encodes DISCONNECT: 2 bytes, or BUFFER_TOO_SMALL. */
export function encodeDisconnect(buf: Uint8Array): EncodeResult {
  return writeFixedHeader(buf, TYPE_DISCONNECT << 4, 0);
}

/**
 * SUBSCRIBE (`list` of subscriptions, each filter followed by its QoS) or UNSUBSCRIBE (`list` of filters): flags
 * 0b0010, the packet id, then at least one filter [MQTT-3.8.3-3, 3.10.3-2].
 */
function encodeFilters(buf: Uint8Array, type: number, packetId: number, list: (Subscription | string)[]): EncodeResult {
  let invalid = checkInt(packetId, 1, MAX_PACKET_ID, 'INVALID_PACKET_ID', 'packet id');
  if (invalid === null && list.length === 0) {
    invalid = encodeError('EMPTY_LIST', (type === TYPE_SUBSCRIBE ? '' : 'UN') + 'SUBSCRIBE needs at least one topic filter');
  }
  if (invalid !== null) return invalid;
  let body = 2;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const sub = typeof item !== 'string';
    const topic = sub ? item.topic : item;
    const bad = (sub ? checkInt(item.qos, 0, 1, 'INVALID_QOS', 'QoS') : null) || checkTopic(topic, true);
    if (bad !== null) return bad;
    const bytes = fieldBytes(topic, 'topic filter', false);
    if (typeof bytes !== 'number') return bytes;
    body += (sub ? 3 : 2) + bytes;
  }
  let pos = writeFixedHeader(buf, (type << 4) | FLAGS_0010, body);
  if (typeof pos !== 'number') return pos;
  buf[pos++] = packetId >> 8;
  buf[pos++] = packetId & 0xff;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item === 'string') pos = writeField(buf, pos, item);
    else {
      pos = writeField(buf, pos, item.topic);
      buf[pos++] = item.qos;
    }
  }
  return pos;
}

/** Encodes SUBSCRIBE at the start of `buf`: the byte length written, or why nothing was written. */
export function encodeSubscribe(buf: Uint8Array, p: SubscribePacket): EncodeResult {
  return encodeFilters(buf, TYPE_SUBSCRIBE, p.packetId, p.subscriptions);
}

/** Encodes UNSUBSCRIBE at the start of `buf`: the byte length written, or why nothing was written. */
export function encodeUnsubscribe(buf: Uint8Array, p: UnsubscribePacket): EncodeResult {
  return encodeFilters(buf, TYPE_UNSUBSCRIBE, p.packetId, p.topics);
}
