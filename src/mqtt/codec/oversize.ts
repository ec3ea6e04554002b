// Building the oversize report for a drained packet from the part of its body that fit in the buffer.

import { TYPE_PUBLISH } from './constants';
import { readU16, topicNameProblem } from './decode-body';
import { OversizeEvent } from './events';
import { publishQos } from './header-rules';
import { decodeUtf8 } from './utf8';

/** The PUBLISH topic in buf[0..held), when it fits entirely and is a valid topic name. */
function bufferedTopic(buf: Uint8Array, held: number): string | undefined {
  if (held < 2) return undefined;
  const end = 2 + readU16(buf, 0);
  if (end > held) return undefined;
  const topic = decodeUtf8(buf, 2, end);
  return topic !== null && topicNameProblem(topic) === null ? topic : undefined;
}

/** The PUBLISH packet id after the topic, when it fits in buf[0..held) and is not 0; 0 otherwise. */
function bufferedPacketId(buf: Uint8Array, held: number, qos: number): number {
  if (qos === 0 || held < 2) return 0;
  const pos = 2 + readU16(buf, 0);
  return pos + 2 <= held ? readU16(buf, pos) : 0;
}

/**
 * The report for a drained packet of `size` bytes whose first `held` body bytes are in `buf`. The topic and
 * packet id are given only when they fit in what was buffered.
 */
export function oversizeEvent(buf: Uint8Array, held: number, firstByte: number, size: number): OversizeEvent {
  const type = firstByte >> 4;
  const isPublish = type === TYPE_PUBLISH;
  const qos = isPublish ? publishQos(firstByte) : 0;
  const topic = isPublish ? bufferedTopic(buf, held) : undefined;
  return {
    type: 'oversize',
    packetType: type,
    size: size,
    topic: topic,
    qos: qos,
    packetId: topic !== undefined ? bufferedPacketId(buf, held, qos) : 0,
  };
}
