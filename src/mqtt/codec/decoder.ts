// The resumable MQTT decoder for what a server sends. One fixed-capacity receive buffer, allocated once; bytes
// may arrive one at a time or in any chunking, and the event list is the same either way.
//
// Framing: the first byte and the remaining length live in fields; only the body goes into the buffer. A packet
// fits when its whole size (fixed header + body) is at most the capacity. A packet that does not fit is drained:
// its body bytes are counted off exactly (the first `capacity` of them kept, to report the topic) and an oversize
// event is emitted. Malformed input emits one protocol error and fails the decoder until reset().

import { MAX_REMAINING_LENGTH_BYTES } from './constants';
import { decodeBody } from './decode-body';
import { DecoderEvent, DecoderSink, protocolError } from './events';
import { checkFirstByte, checkRemainingLength } from './header-rules';
import { oversizeEvent } from './oversize';
import { remainingLengthWeight } from './remaining-length';

/** Where the decoder is in the stream. `idle` is the only state between packets. */
export type DecoderState = 'idle' | 'length' | 'body' | 'drain' | 'failed';

const IDLE = 0;
const LENGTH = 1;
const BODY = 2;
const DRAIN = 3;
const FAILED = 4;
const STATE_NAMES: DecoderState[] = ['idle', 'length', 'body', 'drain', 'failed'];

export class MqttDecoder {
  private readonly buf: Uint8Array;
  private readonly sink: DecoderSink;
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
   */
  constructor(buffer: Uint8Array | number, sink: DecoderSink) {
    this.buf = typeof buffer === 'number' ? new Uint8Array(buffer) : buffer;
    this.sink = sink;
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
    return STATE_NAMES[this.st];
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
   */
  push(bytes: Uint8Array, offset?: number, length?: number): number {
    if (this.pushing || this.st === FAILED) return 0;
    const start = offset === undefined || offset < 0 ? 0 : offset;
    const end = length === undefined ? bytes.length : Math.min(bytes.length, start + length);
    const generation = this.generation;
    let pos = start;
    this.pushing = true;
    try {
      while (pos < end && this.st !== FAILED && this.generation === generation) pos = this.step(bytes, pos, end);
    } finally {
      // Only a throwing sink gets here early; the decoder stays usable (the sink's bug is not ours to hide).
      this.pushing = false;
    }
    return pos > start ? pos - start : 0;
  }

  /** Consumes at least one byte from bytes[pos..end) and returns the new position. */
  private step(bytes: Uint8Array, pos: number, end: number): number {
    if (this.st === IDLE) return this.readFirstByte(bytes[pos], pos);
    if (this.st === LENGTH) return this.readLengthByte(bytes[pos], pos);
    return this.readBody(bytes, pos, end);
  }

  private readFirstByte(byte: number, pos: number): number {
    const error = checkFirstByte(byte);
    if (error !== null) {
      this.fail(error);
    } else {
      this.firstByte = byte;
      this.remaining = 0;
      this.lengthBytes = 0;
      this.st = LENGTH;
    }
    return pos + 1;
  }

  private readLengthByte(byte: number, pos: number): number {
    this.remaining += (byte & 0x7f) * remainingLengthWeight(this.lengthBytes);
    this.lengthBytes++;
    if ((byte & 0x80) === 0) this.startBody();
    else if (this.lengthBytes === MAX_REMAINING_LENGTH_BYTES) {
      this.fail(protocolError('MALFORMED_REMAINING_LENGTH', this.firstByte >> 4, 'remaining length runs past 4 bytes'));
    }
    return pos + 1;
  }

  private startBody(): void {
    const error = checkRemainingLength(this.firstByte >> 4, this.remaining);
    if (error !== null) return this.fail(error);
    this.received = 0;
    this.held = 0;
    this.st = this.packetSize() > this.buf.length ? DRAIN : BODY;
    if (this.remaining === 0) this.finishPacket();
  }

  private packetSize(): number {
    return 1 + this.lengthBytes + this.remaining;
  }

  /** Takes body bytes: all into the buffer in BODY; in DRAIN, only while there is room. */
  private readBody(bytes: Uint8Array, pos: number, end: number): number {
    const take = Math.min(end - pos, this.remaining - this.received);
    const keep = Math.min(take, this.buf.length - this.held);
    if (keep === 1) this.buf[this.held] = bytes[pos];
    else if (keep > 1) this.buf.set(bytes.subarray(pos, pos + keep), this.held);
    this.held += keep;
    this.received += take;
    if (this.received === this.remaining) this.finishPacket();
    return pos + take;
  }

  private finishPacket(): void {
    const event = this.st === DRAIN
      ? oversizeEvent(this.buf, this.held, this.firstByte, this.packetSize())
      : decodeBody(this.buf, this.remaining, this.firstByte);
    if (event.type === 'error') return this.fail(event);
    this.st = IDLE;
    this.held = 0;
    this.received = 0;
    this.sink(event);
  }

  private fail(error: DecoderEvent): void {
    this.st = FAILED;
    this.held = 0;
    this.received = 0;
    this.sink(error);
  }
}
