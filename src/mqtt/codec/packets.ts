// The packets the codec speaks: what a client encodes, and what the decoder reports about a server's bytes.

export type QoS = 0 | 1;

/** A binary field given as bytes, or as a string that is sent in UTF-8. */
export type BytesOrString = Uint8Array | string;

// ---------------------------------------------------------------------------------------------
// Outgoing (client → server)

export interface Will {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
}

export interface ConnectPacket {
  /** May be empty only with clean = true [MQTT-3.1.3-7]. */
  clientId: string;
  username?: string;
  /** Only together with a username [MQTT-3.1.2-22]. */
  password?: BytesOrString;
  /** Seconds, 0..65535; 0 turns keep-alive off. */
  keepalive: number;
  clean: boolean;
  will?: Will;
}

export interface PublishPacket {
  /** A topic name: non-empty, no '+' or '#', no U+0000. */
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  /** Only for QoS 1 (a resend) [MQTT-3.3.1-2]. */
  dup: boolean;
  /** 1..65535 for QoS 1; ignored for QoS 0. */
  packetId?: number;
}

export interface Subscription {
  /** A topic filter: non-empty, '#' only as the whole last level, '+' only as a whole level. */
  topic: string;
  qos: QoS;
}

export interface SubscribePacket {
  packetId: number;
  /** At least one [MQTT-3.8.3-3]. */
  subscriptions: Subscription[];
}

export interface UnsubscribePacket {
  packetId: number;
  /** Topic filters, at least one [MQTT-3.10.3-2]. */
  topics: string[];
}

// ---------------------------------------------------------------------------------------------
// Incoming (server → client), as the decoder emits them

export interface ConnackPacket {
  type: 'connack';
  sessionPresent: boolean;
  /** 0 accepted; 1..5 refused (3 server unavailable, 4 bad username or password, 5 not authorized). */
  returnCode: number;
}

export interface IncomingPublishPacket {
  type: 'publish';
  topic: string;
  /**
   * A copy: it stays valid after the decoder moves on. With the decoder's `views` option, a subarray of the
   * pushed chunk when the whole packet was in it.
   */
  payload: Uint8Array;
  /**
   * 0 or 1; 2 when the server sent QoS 2 — which it may not do on subscriptions made at QoS 0/1 [MQTT-3.8.4-6],
   * so the client should treat 2 as a protocol violation.
   */
  qos: 0 | 1 | 2;
  retain: boolean;
  dup: boolean;
  /** 1..65535 for QoS 1/2; 0 for QoS 0 (no identifier on the wire). */
  packetId: number;
}

export interface PubackPacket {
  type: 'puback';
  packetId: number;
}

export interface SubackPacket {
  type: 'suback';
  packetId: number;
  /** One per requested filter, in order: the granted QoS 0..2, or 0x80 for failure. */
  granted: number[];
}

export interface UnsubackPacket {
  type: 'unsuback';
  packetId: number;
}

export interface PingrespPacket {
  type: 'pingresp';
}

export type IncomingPacket =
  | ConnackPacket
  | IncomingPublishPacket
  | PubackPacket
  | SubackPacket
  | UnsubackPacket
  | PingrespPacket;
