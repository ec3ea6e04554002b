// MQTT 3.1.1 wire constants (OASIS mqtt-v3.1.1-os, §2 and §3). Plain numbers, no enums: they cost nothing on
// Espruino and read the same in logs.

/** Control packet types: the high nibble of the first byte of every packet. */
export const TYPE_CONNECT = 1;
export const TYPE_CONNACK = 2;
export const TYPE_PUBLISH = 3;
export const TYPE_PUBACK = 4;
export const TYPE_PUBREC = 5;
export const TYPE_PUBREL = 6;
export const TYPE_PUBCOMP = 7;
export const TYPE_SUBSCRIBE = 8;
export const TYPE_SUBACK = 9;
export const TYPE_UNSUBSCRIBE = 10;
export const TYPE_UNSUBACK = 11;
export const TYPE_PINGREQ = 12;
export const TYPE_PINGRESP = 13;
export const TYPE_DISCONNECT = 14;

/** Names of the packet types, indexed by type number (0 and 15 are reserved). */
export const PACKET_TYPE_NAMES = [
  'reserved0',
  'connect',
  'connack',
  'publish',
  'puback',
  'pubrec',
  'pubrel',
  'pubcomp',
  'subscribe',
  'suback',
  'unsubscribe',
  'unsuback',
  'pingreq',
  'pingresp',
  'disconnect',
  'reserved15',
];

/** The packet type's name for logs and messages ("publish"), whatever the number. */
export function packetTypeName(type: number): string {
  const name = PACKET_TYPE_NAMES[type];
  return name === undefined ? 'type' + type : name;
}

/** PUBLISH fixed-header flag bits. */
export const PUBLISH_FLAG_RETAIN = 0x01;
export const PUBLISH_FLAG_QOS_SHIFT = 1;
export const PUBLISH_FLAG_QOS_MASK = 0x03;
export const PUBLISH_FLAG_DUP = 0x08;

/** SUBSCRIBE, UNSUBSCRIBE and PUBREL carry fixed-header flags 0b0010 [MQTT-3.8.1-1, 3.10.1-1, 3.6.1-1]. */
export const FLAGS_0010 = 0x02;

/** CONNECT variable header: protocol name "MQTT" and level 4 (3.1.1). */
export const PROTOCOL_NAME_BYTES = [0x00, 0x04, 0x4d, 0x51, 0x54, 0x54];
export const PROTOCOL_LEVEL_311 = 4;

/** CONNECT flag bits [MQTT-3.1.2.3]. */
export const CONNECT_FLAG_CLEAN = 0x02;
export const CONNECT_FLAG_WILL = 0x04;
export const CONNECT_FLAG_WILL_QOS_SHIFT = 3;
export const CONNECT_FLAG_WILL_RETAIN = 0x20;
export const CONNECT_FLAG_PASSWORD = 0x40;
export const CONNECT_FLAG_USERNAME = 0x80;

/** Largest remaining length the 4-byte variable-length encoding can carry (2^28 - 1). */
export const MAX_REMAINING_LENGTH = 268435455;
/** The remaining-length field is at most 4 bytes. */
export const MAX_REMAINING_LENGTH_BYTES = 4;
/** UTF-8 strings and binary fields carry a 2-byte length prefix. */
export const MAX_STRING_BYTES = 65535;
/** Packet identifiers are 1..65535; 0 is never valid where an identifier is required [MQTT-2.3.1-1]. */
export const MAX_PACKET_ID = 65535;

/** CONNACK return codes 0..5 are defined; 6..255 are reserved [MQTT-3.2.2.3]. */
export const CONNACK_MAX_RETURN_CODE = 5;
/** SUBACK failure return code [MQTT-3.9.3]. */
export const SUBACK_FAILURE = 0x80;
