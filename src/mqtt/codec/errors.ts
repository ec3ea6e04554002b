// Errors are values. Each code is stable; each message names the cause and the remedy.

/** Why an encoder refused a packet. Nothing is written to the transmit buffer when it refuses. */
export type EncodeErrorCode =
  | 'BUFFER_TOO_SMALL' // the packet is larger than the transmit buffer (see `needed`)
  | 'INVALID_PACKET_ID' // not an integer in 1..65535
  | 'INVALID_QOS' // not 0 or 1
  | 'INVALID_FLAGS' // DUP on a QoS 0 publish
  | 'INVALID_TOPIC' // topic name empty, with a wildcard, or with U+0000
  | 'INVALID_TOPIC_FILTER' // topic filter empty, with a misplaced wildcard, or with U+0000
  | 'INVALID_STRING' // a string with a lone surrogate (no UTF-8 form) or U+0000
  | 'STRING_TOO_LONG' // a string or binary field over 65535 bytes
  | 'INVALID_KEEPALIVE' // not an integer in 0..65535
  | 'INVALID_CLIENT_ID' // empty client id without clean session
  | 'PASSWORD_WITHOUT_USERNAME' // MQTT 3.1.1 allows a password only with a username
  | 'EMPTY_LIST' // SUBSCRIBE/UNSUBSCRIBE without topics
  | 'PACKET_TOO_LARGE'; // remaining length over 268435455

export interface EncodeError {
  code: EncodeErrorCode;
  message: string;
  /** For BUFFER_TOO_SMALL: the packet's size in bytes. */
  needed?: number;
}

export function encodeError(code: EncodeErrorCode, message: string): EncodeError {
  return { code: code, message: message };
}

/** An encoder's result: the number of bytes written at the start of the buffer, or why nothing was written. */
export type EncodeResult = number | EncodeError;

/** Why the decoder declared the byte stream malformed. The connection must be closed. */
export type ProtocolErrorCode =
  | 'MALFORMED_REMAINING_LENGTH' // the remaining length runs past 4 bytes
  | 'FORBIDDEN_PACKET_TYPE' // a type a server must never send (CONNECT, SUBSCRIBE, …, reserved 0/15)
  | 'UNSUPPORTED_PACKET_TYPE' // PUBREC/PUBREL/PUBCOMP: QoS 2 flow, which this client never starts
  | 'INVALID_FLAGS' // reserved fixed-header or CONNACK flag bits set
  | 'INVALID_QOS' // PUBLISH with QoS 3
  | 'INVALID_LENGTH' // remaining length wrong for the packet type
  | 'FIELD_OVERRUN' // a length-prefixed field runs past the end of the packet
  | 'INVALID_PACKET_ID' // packet identifier 0 where one is required
  | 'INVALID_UTF8' // topic bytes are not well-formed UTF-8
  | 'INVALID_TOPIC' // topic empty, with a wildcard, or with U+0000
  | 'INVALID_RETURN_CODE'; // CONNACK code over 5, SUBACK code not 0/1/2/0x80
