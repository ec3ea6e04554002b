// What the decoder reports: complete packets, oversize packets it drained, and the protocol error that ends
// the stream.

import type { ProtocolErrorCode } from './errors';
import type { IncomingPacket } from './packets';

/**
 * A packet larger than the receive buffer: its bytes were drained (exactly `size` of them) and dropped.
 * Decoding continues with the next packet.
 */
export interface OversizeEvent {
  type: 'oversize';
  /** The MQTT control packet type number (3 = PUBLISH, 9 = SUBACK). */
  packetType: number;
  /** The whole packet's size in bytes: fixed header + remaining length. */
  size: number;
  /** A PUBLISH's topic, when its bytes fit in the buffer and it is a valid topic name; otherwise undefined. */
  topic: string | undefined;
  /** A PUBLISH's QoS from the fixed header (0 for other types). */
  qos: number;
  /**
   * A QoS 1/2 PUBLISH's packet id when it fit in the buffer (so the client can still acknowledge the dropped
   * message); 0 otherwise.
   */
  packetId: number;
}

/**
 * The stream is malformed: the decoder is now failed and ignores every further byte until reset().
 * The connection must be closed [MQTT-4.8.0-1].
 */
export interface ProtocolErrorEvent {
  type: 'error';
  code: ProtocolErrorCode;
  message: string;
  /** The type number of the packet being decoded (from its first byte). */
  packetType: number;
}

export type DecoderEvent = IncomingPacket | OversizeEvent | ProtocolErrorEvent;

/** Receives the decoder's events, synchronously, in stream order. It must not call push(); reset() is allowed. */
export type DecoderSink = (event: DecoderEvent) => void;
