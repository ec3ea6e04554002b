// Input checks shared by the encoders. Each returns null when the value is acceptable, or the error to report.

import { MAX_PACKET_ID } from './constants';
import { encodeError, EncodeError } from './errors';

function isIntegerIn(value: number, min: number, max: number): boolean {
  return typeof value === 'number' && value >= min && value <= max && Math.floor(value) === value;
}

export function checkPacketId(packetId: number | undefined): EncodeError | null {
  if (packetId !== undefined && isIntegerIn(packetId, 1, MAX_PACKET_ID)) return null;
  return encodeError('INVALID_PACKET_ID', 'packet id ' + packetId + ' is invalid: use an integer in 1..65535');
}

export function checkQos(qos: number): EncodeError | null {
  if (qos === 0 || qos === 1) return null;
  return encodeError('INVALID_QOS', 'QoS ' + qos + ' is not supported: use 0 or 1');
}

export function checkKeepalive(seconds: number): EncodeError | null {
  if (isIntegerIn(seconds, 0, 65535)) return null;
  return encodeError('INVALID_KEEPALIVE', 'keepalive ' + seconds + ' is invalid: use whole seconds in 0..65535');
}

/** A topic name for PUBLISH or a will: at least one character, no wildcards, no U+0000 [MQTT-4.7]. */
export function checkTopicName(topic: string): EncodeError | null {
  if (topic.length === 0) return encodeError('INVALID_TOPIC', 'topic is empty: a topic name needs at least one character');
  if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
    return encodeError('INVALID_TOPIC', 'topic "' + topic + '" holds a wildcard: publish to a concrete topic name');
  }
  if (topic.indexOf('\u0000') >= 0) return encodeError('INVALID_TOPIC', 'topic holds U+0000: remove the null character');
  return null;
}

/** Whether one level of a topic filter uses its wildcards correctly. */
function isValidFilterLevel(level: string, isLast: boolean): boolean {
  if (level.indexOf('#') >= 0) return level === '#' && isLast;
  if (level.indexOf('+') >= 0) return level === '+';
  return true;
}

/** A topic filter for SUBSCRIBE/UNSUBSCRIBE: non-empty, '#' only as the whole last level, '+' as a whole level. */
export function checkTopicFilter(filter: string): EncodeError | null {
  if (filter.length === 0) {
    return encodeError('INVALID_TOPIC_FILTER', 'topic filter is empty: a filter needs at least one character');
  }
  if (filter.indexOf('\u0000') >= 0) {
    return encodeError('INVALID_TOPIC_FILTER', 'topic filter holds U+0000: remove the null character');
  }
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    if (!isValidFilterLevel(levels[i], i === levels.length - 1)) {
      return encodeError(
        'INVALID_TOPIC_FILTER',
        'topic filter "' + filter + '" misplaces a wildcard: "+" must fill a level, "#" must be the whole last level',
      );
    }
  }
  return null;
}

/** A UTF-8 text field (client id, username) may not hold U+0000 [MQTT-1.5.3-2]. */
export function checkTextField(text: string, what: string): EncodeError | null {
  if (text.indexOf('\u0000') < 0) return null;
  return encodeError('INVALID_STRING', what + ' holds U+0000: remove the null character');
}
