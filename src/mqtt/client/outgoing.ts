// One outgoing PUBLISH as the client keeps it while it waits in the offline queue or the QoS1 window: the encoded
// packet itself (a private copy), so a resend is the same bytes with the DUP bit set — same topic, payload and
// packet id by construction — and moving from the queue to the window copies nothing.

import { PUBLISH_FLAG_DUP } from '../codec/constants';

export interface Outgoing {
  /** The client-local number publish() returned (1..2^31-1, wrapping). */
  ref: number;
  topic: string;
  qos: 0 | 1;
  /** The whole encoded PUBLISH. For QoS1 the packet id is written in when a window slot is taken. */
  bytes: Uint8Array;
  /** Where the 2-byte packet id sits in bytes (QoS1); -1 for QoS0. */
  idOffset: number;
  /** The packet id (QoS1, once in the window); 0 otherwise. */
  id: number;
  /** Written on the current connection. */
  sent: boolean;
  /** Written on some connection at least once: a later send is a resend and carries DUP. */
  everSent: boolean;
}

/**
 * Wraps a copy of an encoded PUBLISH of `length` bytes at the start of `tx` whose payload is `payloadLength` bytes
 * (so the packet id, for QoS1, sits just before the payload).
 */
export function makeOutgoing(
  ref: number,
  topic: string,
  qos: 0 | 1,
  tx: Uint8Array,
  length: number,
  payloadLength: number,
): Outgoing {
  return {
    ref: ref,
    topic: topic,
    qos: qos,
    bytes: tx.slice(0, length),
    idOffset: qos === 1 ? length - payloadLength - 2 : -1,
    id: 0,
    sent: false,
    everSent: false,
  };
}

export function assignPacketId(entry: Outgoing, id: number): void {
  entry.id = id;
  entry.bytes[entry.idOffset] = (id >> 8) & 0xff;
  entry.bytes[entry.idOffset + 1] = id & 0xff;
}

export function setDup(entry: Outgoing, dup: boolean): void {
  if (dup) entry.bytes[0] |= PUBLISH_FLAG_DUP;
  else entry.bytes[0] &= ~PUBLISH_FLAG_DUP & 0xff;
}

export function hasDup(entry: Outgoing): boolean {
  return (entry.bytes[0] & PUBLISH_FLAG_DUP) !== 0;
}
