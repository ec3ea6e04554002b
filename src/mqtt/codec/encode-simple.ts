// The fixed-size packets a client sends: PUBACK [MQTT-3.4], PINGREQ [MQTT-3.12], DISCONNECT [MQTT-3.14].

import { TYPE_DISCONNECT, TYPE_PINGREQ, TYPE_PUBACK } from './constants';
import { EncodeResult } from './errors';
import { checkPacketFits, writeFixedHeader, writeU16 } from './fields';
import { checkPacketId } from './validate';

/** Encodes PUBACK for `packetId` (1..65535): 4 bytes, or why nothing was written. */
export function encodePuback(buf: Uint8Array, packetId: number): EncodeResult {
  const invalid = checkPacketId(packetId) || checkPacketFits(buf, 2);
  if (invalid !== null) return invalid;
  return writeU16(buf, writeFixedHeader(buf, TYPE_PUBACK << 4, 2), packetId);
}

function encodeEmpty(buf: Uint8Array, type: number): EncodeResult {
  const tooBig = checkPacketFits(buf, 0);
  if (tooBig !== null) return tooBig;
  return writeFixedHeader(buf, type << 4, 0);
}

/** Encodes PINGREQ: 2 bytes, or BUFFER_TOO_SMALL. */
export function encodePingreq(buf: Uint8Array): EncodeResult {
  return encodeEmpty(buf, TYPE_PINGREQ);
}

/** Encodes DISCONNECT: 2 bytes, or BUFFER_TOO_SMALL. */
export function encodeDisconnect(buf: Uint8Array): EncodeResult {
  return encodeEmpty(buf, TYPE_DISCONNECT);
}
