// What the decoder can judge from the fixed header alone: the packet type a server may send, its flag bits
// [MQTT-2.2.2], and the remaining length the type requires.

import {
  packetTypeName,
  PUBLISH_FLAG_DUP,
  PUBLISH_FLAG_QOS_MASK,
  PUBLISH_FLAG_QOS_SHIFT,
  TYPE_CONNACK,
  TYPE_PINGRESP,
  TYPE_PUBACK,
  TYPE_PUBCOMP,
  TYPE_PUBLISH,
  TYPE_PUBREC,
  TYPE_PUBREL,
  TYPE_SUBACK,
  TYPE_UNSUBACK,
} from './constants';
import { protocolError, ProtocolErrorEvent } from './events';

export function publishQos(firstByte: number): number {
  return (firstByte >> PUBLISH_FLAG_QOS_SHIFT) & PUBLISH_FLAG_QOS_MASK;
}

function checkPublishFlags(firstByte: number): ProtocolErrorEvent | null {
  const qos = publishQos(firstByte);
  if (qos === 3) {
    return protocolError('INVALID_QOS', TYPE_PUBLISH, 'PUBLISH with QoS 3 (both QoS bits set) is malformed');
  }
  if (qos === 0 && (firstByte & PUBLISH_FLAG_DUP) !== 0) {
    return protocolError('INVALID_FLAGS', TYPE_PUBLISH, 'PUBLISH with QoS 0 must not set DUP [MQTT-3.3.1-2]');
  }
  return null;
}

/** Types a server sends that carry no flags: CONNACK, PUBACK, SUBACK, UNSUBACK, PINGRESP. */
function isZeroFlagServerType(type: number): boolean {
  return (
    type === TYPE_CONNACK || type === TYPE_PUBACK || type === TYPE_SUBACK || type === TYPE_UNSUBACK || type === TYPE_PINGRESP
  );
}

/** Judges a packet's first byte: null when the decoder may go on reading it, otherwise the protocol error. */
export function checkFirstByte(firstByte: number): ProtocolErrorEvent | null {
  const type = firstByte >> 4;
  const flags = firstByte & 0x0f;
  if (type === TYPE_PUBLISH) return checkPublishFlags(firstByte);
  if (isZeroFlagServerType(type)) {
    if (flags === 0) return null;
    const name = packetTypeName(type).toUpperCase();
    return protocolError('INVALID_FLAGS', type, name + ' with reserved flag bits ' + flags + ' set');
  }
  if (type === TYPE_PUBREC || type === TYPE_PUBREL || type === TYPE_PUBCOMP) {
    const name = packetTypeName(type).toUpperCase();
    return protocolError('UNSUPPORTED_PACKET_TYPE', type, name + ' belongs to QoS 2, which this client never uses');
  }
  const what = 'packet type ' + type + ' (' + packetTypeName(type) + ')';
  return protocolError('FORBIDDEN_PACKET_TYPE', type, 'a server must not send ' + what);
}

function lengthError(type: number, remaining: number, expected: string): ProtocolErrorEvent {
  const name = packetTypeName(type).toUpperCase();
  return protocolError('INVALID_LENGTH', type, name + ' with remaining length ' + remaining + ': it must be ' + expected);
}

/** Judges the remaining length against the packet type: null when plausible, otherwise the protocol error. */
export function checkRemainingLength(type: number, remaining: number): ProtocolErrorEvent | null {
  if (type === TYPE_CONNACK || type === TYPE_PUBACK || type === TYPE_UNSUBACK) {
    return remaining === 2 ? null : lengthError(type, remaining, '2');
  }
  if (type === TYPE_PINGRESP) return remaining === 0 ? null : lengthError(type, remaining, '0');
  if (type === TYPE_SUBACK) return remaining >= 3 ? null : lengthError(type, remaining, 'at least 3');
  return null;
}
