// The resumable MQTT decoder for what a server sends. One fixed-capacity receive buffer, allocated once; bytes
// may arrive one at a time or in any chunking, and the event list is the same either way.
//
// Framing: the first byte and the remaining length live in fields; only the body goes into the buffer, and only
// when it is split across pushes: a body that lies whole in the pushed chunk is decoded straight from the chunk
// (the payload is copied once, out of the chunk). A packet fits when its whole size (fixed header + body) is at
// most the capacity, wherever its body is decoded from. A packet that does not fit is drained:
// its body bytes are counted off exactly (the first `capacity` of them kept, to report the topic) and an oversize
// event is emitted. Malformed input emits one protocol error and fails the decoder until reset().

import { decodeUtf8 } from './utf8';
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
} from './constants';
import { ProtocolErrorCode } from './errors';
import { DecoderEvent, DecoderSink, ProtocolErrorEvent } from './events';

/** Where the decoder is in the stream. `idle` is the only state between packets. */
export type DecoderState = 'idle' | 'length' | 'body' | 'drain' | 'failed';

const IDLE = 0;
const LENGTH = 1;
const BODY = 2;
const DRAIN = 3;
const FAILED = 4;

/**
 * What a server may send, by packet type (the first byte's high nibble) [MQTT-2.2.2]: 'p' PUBLISH (flags are
 * DUP/QoS/RETAIN), 'z' a type whose flags are all 0, 'q' a QoS 2 packet (this client never starts that flow),
 * '-' a type a server must never send (CONNECT, SUBSCRIBE, …, reserved 0 and 15).
 */
const SERVER_TYPES = '--zpzqqq-z-z-z--';

/**
 * The error event; its message is the packet type's name ("PUBACK") followed by `detail`. The names live only in
 * this function's code, so the board keeps no table of them.
 */
function protocolError(code: ProtocolErrorCode, packetType: number, detail: string): ProtocolErrorEvent {
  const names = 'reserved0 connect connack publish puback pubrec pubrel pubcomp subscribe suback unsubscribe unsuback pingreq pingresp disconnect reserved15';
  const message = names.split(' ')[packetType].toUpperCase() + ' ' + detail;
  return { type: 'error', code: code, message: message, packetType: packetType };
}

/**
 * The typed arrays' slice, which copies, borrowed from an instance (Espruino has no prototype to borrow it from),
 * so that a chunk that is a Node Buffer, whose own slice is a view, is copied too.
 */
const copySlice = new Uint8Array(0).slice;

/**
 * The event for a packet whose first byte and remaining length were accepted, and whose body bytes (all of them,
 * or with `drained` the first ones kept) are buf[at..end): decoded when the whole packet (`size` bytes) fit,
 * otherwise the oversize report, with a PUBLISH's topic and packet id when they are in what was kept. Every field
 * is bounds-checked against `end`. A payload is a copy, or with `view` a subarray of buf.
 */
function packetEvent(buf: Uint8Array, at: number, end: number, firstByte: number, size: number, drained: boolean, view: boolean): DecoderEvent {
  const type = firstByte >> 4;
  // The first two body bytes: a PUBLISH's topic length, the packet id of PUBACK, SUBACK and UNSUBACK.
  const first16 = end - at >= 2 ? (buf[at] << 8) | buf[at + 1] : 0;
  if (type === TYPE_PUBLISH) {
    const qos = (firstByte >> 1) & 3;
    let code: ProtocolErrorCode = 'FIELD_OVERRUN';
    let problem: string | null = 'too short for its topic length';
    let topic: string | null = null;
    const pos = at + 2 + first16;
    if (end - at >= 2) problem = pos > end ? 'topic runs past the end of the packet' : null;
    if (problem === null) {
      topic = decodeUtf8(buf, at + 2, pos);
      code = topic === null ? 'INVALID_UTF8' : 'INVALID_TOPIC';
      if (topic === null) problem = 'topic is not well-formed UTF-8';
      else if (topic.length === 0) problem = 'topic is empty';
      else if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) problem = 'topic holds a wildcard [MQTT-3.3.2-2]';
      else if (topic.indexOf('\u0000') >= 0) problem = 'topic holds U+0000 [MQTT-1.5.3-2]';
    }
    const id = qos > 0 && pos + 2 <= end ? (buf[pos] << 8) | buf[pos + 1] : 0;
    if (drained) {
      const ok = problem === null;
      return { type: 'oversize', packetType: type, size: size, topic: ok ? (topic as string) : undefined, qos: qos, packetId: ok ? id : 0 };
    }
    if (problem === null && qos > 0 && pos + 2 > end) {
      code = 'FIELD_OVERRUN';
      problem = 'packet id runs past the end of the packet';
    } else if (problem === null && qos > 0 && id === 0) {
      code = 'INVALID_PACKET_ID';
      problem = 'with QoS ' + qos + ' has packet id 0';
    }
    if (problem !== null) return protocolError(code, type, problem);
    const from = qos > 0 ? pos + 2 : pos;
    return {
      type: 'publish',
      topic: topic as string,
      payload: view ? buf.subarray(from, end) : copySlice.call(buf, from, end),
      qos: qos as 0 | 1 | 2,
      retain: (firstByte & PUBLISH_FLAG_RETAIN) !== 0,
      dup: (firstByte & PUBLISH_FLAG_DUP) !== 0,
      packetId: id,
    };
  }
  if (drained) return { type: 'oversize', packetType: type, size: size, topic: undefined, qos: 0, packetId: 0 };
  if (type === TYPE_PINGRESP) return { type: 'pingresp' };
  if (type === TYPE_CONNACK) {
    const flags = buf[at];
    const returnCode = buf[at + 1];
    if ((flags & 0xfe) !== 0) {
      return protocolError('INVALID_FLAGS', type, 'acknowledge flags ' + flags + ': bits 7-1 are reserved');
    }
    if (returnCode > CONNACK_MAX_RETURN_CODE) {
      return protocolError('INVALID_RETURN_CODE', type, 'return code ' + returnCode + ' is reserved');
    }
    if (flags !== 0 && returnCode !== 0) {
      return protocolError('INVALID_FLAGS', type, 'refusal with session present set [MQTT-3.2.2-4]');
    }
    return { type: 'connack', sessionPresent: flags === 1, returnCode: returnCode };
  }
  // PUBACK, UNSUBACK, SUBACK: a packet id that may not be 0, then (SUBACK) a return code per filter.
  if (first16 === 0) return protocolError('INVALID_PACKET_ID', type, 'has packet id 0');
  if (type !== TYPE_SUBACK) return { type: type === TYPE_PUBACK ? 'puback' : 'unsuback', packetId: first16 };
  const granted: number[] = [];
  for (let pos = at + 2; pos < end; pos++) {
    const code = buf[pos];
    if (code > 2 && code !== SUBACK_FAILURE) {
      return protocolError('INVALID_RETURN_CODE', type, 'return code ' + code + ' is reserved');
    }
    granted.push(code);
  }
  return { type: 'suback', packetId: first16, granted: granted };
}

export class MqttDecoder {
  private readonly buf: Uint8Array;
  private readonly sink: DecoderSink;
  private readonly views: boolean;
  private st = IDLE;
  private firstByte = 0;
  private remaining = 0;
  private lengthBytes = 0;
  /** Body bytes received for the current packet (in DRAIN, more than are kept). */
  private received = 0;
  /** Body bytes kept in the buffer for the current packet. */
  private held = 0;
  private pushing = false;
  /** Bumped by reset(), so a push notices a reset made from inside the sink. */
  private generation = 0;

  /**
   * @param buffer the receive buffer (the board's mqttRxBuffer), or its size to allocate it here once. Its size
   *   is the largest packet decoded; below 4 even CONNACK and PUBACK would be drained as oversize.
   * @param sink called synchronously with each event, in stream order
   * @param views set only when no pushed chunk is ever changed afterwards (each push brings a new array): a
   *   payload decoded straight from a chunk is then a subarray of it, not a copy. A payload that was staged in
   *   the receive buffer (its packet split across pushes) is always a copy, the buffer being reused.
   */
  constructor(buffer: Uint8Array | number, sink: DecoderSink, views?: boolean) {
    this.buf = typeof buffer === 'number' ? new Uint8Array(buffer) : buffer;
    this.sink = sink;
    this.views = views === true;
  }

  /** The receive buffer (lent to a registration session while the client has no connection). */
  buffer(): Uint8Array {
    return this.buf;
  }

  /** The largest packet (fixed header included) that is decoded rather than drained. */
  capacity(): number {
    return this.buf.length;
  }

  /** Bytes of the current packet held in the receive buffer; never more than capacity(). */
  bytesHeld(): number {
    return this.held;
  }

  state(): DecoderState {
    const names: DecoderState[] = ['idle', 'length', 'body', 'drain', 'failed'];
    return names[this.st];
  }

  /** Forgets the current packet and any failure; use for a new connection. Allowed from inside the sink. */
  reset(): void {
    this.st = IDLE;
    this.held = 0;
    this.received = 0;
    this.generation++;
  }

  /**
   * Feeds bytes[offset .. offset+length) (default: all of `bytes`). Returns how many bytes were consumed:
   * all of them, unless the decoder is or becomes failed, or the sink called reset(); the rest are ignored.
   * A call from inside the sink consumes nothing and returns 0.
   *
   * One step per loop turn: a header byte in IDLE and LENGTH, as many body bytes as are there in BODY and DRAIN.
   * A packet is finished (decoded or reported) by the turn that completes it, so the event list does not depend
   * on where the input was split.
   */
  push(bytes: Uint8Array, offset?: number, length?: number): number {
    if (this.pushing || this.st === FAILED) return 0;
    const start = offset === undefined || offset < 0 ? 0 : offset;
    const end = length === undefined ? bytes.length : Math.min(bytes.length, start + length);
    const generation = this.generation;
    const buf = this.buf;
    let pos = start;
    this.pushing = true;
    try {
      while (pos < end && this.st !== FAILED && this.generation === generation) {
        let event: DecoderEvent | null = null;
        if (this.st === IDLE) {
          const byte = bytes[pos++];
          const type = byte >> 4;
          const rule = SERVER_TYPES.charAt(type);
          if (rule === 'p' && (byte & 0x06) === 0x06) {
            event = protocolError('INVALID_QOS', type, 'with QoS 3 (both QoS bits set) is malformed');
          } else if (rule === 'p' && (byte & 0x0e) === PUBLISH_FLAG_DUP) {
            event = protocolError('INVALID_FLAGS', type, 'with QoS 0 must not set DUP [MQTT-3.3.1-2]');
          } else if (rule === 'z' && (byte & 0x0f) !== 0) {
            event = protocolError('INVALID_FLAGS', type, 'with reserved flag bits ' + (byte & 0x0f) + ' set');
          } else if (rule === 'q') {
            event = protocolError('UNSUPPORTED_PACKET_TYPE', type, 'belongs to QoS 2, which this client never uses');
          } else if (rule === '-') {
            event = protocolError('FORBIDDEN_PACKET_TYPE', type, '(packet type ' + type + ') must never come from a server');
          } else {
            this.firstByte = byte;
            this.remaining = 0;
            this.lengthBytes = 0;
            this.st = LENGTH;
          }
        } else if (this.st === LENGTH) {
          // Remaining length: 7 bits per byte, low bits first, at most 4 bytes [MQTT-2.2.3].
          const byte = bytes[pos++];
          const type = this.firstByte >> 4;
          this.remaining += (byte & 0x7f) << (7 * this.lengthBytes);
          this.lengthBytes++;
          const remaining = this.remaining;
          if ((byte & 0x80) !== 0) {
            if (this.lengthBytes === 4) {
              event = protocolError('MALFORMED_REMAINING_LENGTH', type, 'remaining length runs past 4 bytes');
            }
          } else {
            // CONNACK, PUBACK, UNSUBACK are 2 bytes; PINGRESP is empty; SUBACK has an id and a code at least.
            const rule = type === TYPE_PINGRESP ? 0 : type === TYPE_SUBACK ? 3 : type === TYPE_PUBLISH ? -1 : 2;
            const ok = rule < 0 || (rule === 3 ? remaining >= 3 : remaining === rule);
            if (!ok) {
              const expected = rule === 3 ? 'at least 3' : '' + rule;
              event = protocolError('INVALID_LENGTH', type, 'with remaining length ' + remaining + ': it must be ' + expected);
            } else {
              this.received = 0;
              this.held = 0;
              this.st = 1 + this.lengthBytes + remaining > buf.length ? DRAIN : BODY;
              if (remaining === 0) event = packetEvent(buf, 0, 0, this.firstByte, 1 + this.lengthBytes, this.st === DRAIN, false);
            }
          }
        } else {
          const size = 1 + this.lengthBytes + this.remaining;
          const rest = this.remaining - this.received;
          if (this.st === BODY && this.received === 0 && end - pos >= rest) {
            // The whole body is in this chunk: decoded from it, not staged; the event is the same either way.
            event = packetEvent(bytes, pos, pos + rest, this.firstByte, size, false, this.views);
            pos += rest;
          } else {
            // Body bytes: all into the buffer in BODY; in DRAIN, only while there is room.
            const take = Math.min(end - pos, rest);
            const keep = Math.min(take, buf.length - this.held);
            if (keep === 1) buf[this.held] = bytes[pos];
            else if (keep > 1) buf.set(bytes.subarray(pos, pos + keep), this.held);
            this.held += keep;
            this.received += take;
            pos += take;
            if (this.received === this.remaining) event = packetEvent(buf, 0, this.held, this.firstByte, size, this.st === DRAIN, false);
          }
        }
        if (event !== null) {
          this.st = event.type === 'error' ? FAILED : IDLE;
          this.held = 0;
          this.received = 0;
          this.sink(event);
        }
      }
    } finally {
      // Only a throwing sink gets here early; the decoder stays usable (the sink's bug is not ours to hide).
      this.pushing = false;
    }
    return pos > start ? pos - start : 0;
  }
}
