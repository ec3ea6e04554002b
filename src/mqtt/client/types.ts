// The MQTT client's public vocabulary: what connect() takes, the options, the states, the events it reports and
// the errors its calls return. Errors are values; nothing here throws.

import type { BoardSizes, HalError } from '../../../hal/types';
import type { EncodeErrorCode } from '../codec/errors';

/**
 * The client's named states. IDLE between connections; CONNECTING while the socket (and TLS) opens;
 * CONNACK_WAIT once CONNECT is written; CONNECTED after an accepting CONNACK. Every transition is logged at debug
 * level with tag 'mqtt'. There is no lasting CLOSING state: disconnect() writes DISCONNECT and closes at once
 * (the HAL socket flushes what was written before it goes).
 */
export type ClientState = 'IDLE' | 'CONNECTING' | 'CONNACK_WAIT' | 'CONNECTED';

/** Where and as whom to connect. Field names match src/auth's MqttCredentials, plus the session flag and trust. */
export interface Credentials {
  host: string;
  port: number;
  /** TLS when true, plain TCP otherwise. */
  tls: boolean;
  /** Trusted roots (PEM); absent: the board's default trust. */
  ca?: string[];
  /** Name for SNI and certificate checks; defaults to host. */
  servername?: string;
  clientId: string;
  username: string;
  /** Secret: logged only masked. */
  password: string;
  /** Seconds, 0..65535; 0 turns keep-alive off (Alibaba requires 30..1200). */
  keepalive: number;
  /** true: start a new session; false: resume the broker's session for this client id if it has one. */
  clean: boolean;
}

/** The board sizes the client allocates from (BoardDescriptor.sizes). */
export type ClientSizes = Pick<BoardSizes, 'mqttRxBuffer' | 'mqttTxBuffer' | 'qos1Window' | 'offlineQueue'>;

export interface ClientOptions {
  /** Receives every event. */
  onEvent?: EventHandler;
  /** From connect() to an accepting CONNACK, socket and TLS handshake included. Default 10000 ms (DEFAULT_CONNECT_TIMEOUT_MS); connect() may name another. */
  connectTimeoutMs?: number;
  /**
   * How long after a PINGREQ the PINGRESP may take before the link is declared dead. Default: a quarter of the
   * keep-alive interval, at most 10000 ms.
   */
  pingrespTimeoutMs?: number;
}

export type EventHandler = (event: ClientEvent) => void;

// ---------------------------------------------------------------------------------------------
// Events

/** A CONNACK accepted the connection. */
export interface ConnectedEvent {
  type: 'connected';
  /** The broker resumed our session: unacknowledged QoS1 publishes are being resent with DUP. */
  sessionPresent: boolean;
}

/**
 * Why a connection ended (or never came up):
 * - DISCONNECTED: the application called disconnect();
 * - CONNECT_FAILED: the socket or TLS handshake failed (halError says why);
 * - CONNECT_TIMEOUT / CONNACK_TIMEOUT: connectTimeoutMs passed before the socket / the CONNACK;
 * - REFUSED: the CONNACK refused the connection (returnCode, refusal);
 * - PEER_CLOSED: the broker or the network closed an established connection (halError null: orderly close);
 * - PING_TIMEOUT: no PINGRESP within pingrespTimeoutMs of a PINGREQ: the link was declared dead;
 * - PROTOCOL_ERROR: the broker's bytes broke MQTT 3.1.1 (protocolError names the rule);
 * - WRITE_FAILED: the socket refused bytes with an error other than back-pressure (halError);
 * - BACKPRESSURE: the socket stayed blocked while more acknowledgements came due than the client keeps.
 */
export type CloseReason =
  | 'DISCONNECTED'
  | 'CONNECT_FAILED'
  | 'CONNECT_TIMEOUT'
  | 'CONNACK_TIMEOUT'
  | 'REFUSED'
  | 'PEER_CLOSED'
  | 'PING_TIMEOUT'
  | 'PROTOCOL_ERROR'
  | 'WRITE_FAILED'
  | 'BACKPRESSURE';

/** The client's own protocol checks, beside the decoder's ProtocolErrorCode. */
export type SessionProtocolCode =
  | 'UNEXPECTED_PACKET' // a packet the session state does not allow (e.g. anything before CONNACK, a second CONNACK)
  | 'QOS2_PUBLISH' // a QoS 2 PUBLISH, which a broker may not send on QoS 0/1 subscriptions [MQTT-3.8.4-6]
  | 'SESSION_PRESENT_ON_CLEAN'; // CONNACK session present after a clean-session CONNECT [MQTT-3.2.2-1]

/** CONNACK refusals with the meaning Alibaba Cloud IoT gives them (spec/protocol.md §3). */
export type RefusalCode =
  | 'UNACCEPTABLE_PROTOCOL_VERSION' // 1
  | 'IDENTIFIER_REJECTED' // 2
  | 'SERVER_UNAVAILABLE' // 3: on Alibaba, a malformed clientId or a keep-alive outside 30..1200 s
  | 'BAD_USERNAME_OR_PASSWORD' // 4
  | 'NOT_AUTHORIZED'; // 5: on Alibaba, wrong ProductKey / DeviceName / DeviceSecret

export interface ConnackRefusal {
  returnCode: number;
  code: RefusalCode;
  /** What it means on Alibaba Cloud IoT and what to do about it. */
  message: string;
}

export interface ClosedEvent {
  type: 'closed';
  reason: CloseReason;
  /** For people: the cause and, where there is one, the remedy. */
  message: string;
  /** CONNECT_FAILED, PEER_CLOSED, WRITE_FAILED: what the socket reported (null for an orderly close). */
  halError?: HalError | null;
  /** REFUSED: the CONNACK return code and its meaning. */
  refusal?: ConnackRefusal;
  /** PROTOCOL_ERROR: the rule the broker broke. */
  protocolError?: string;
}

/** An application message from the broker. A QoS1 one is acknowledged after the handler returns. */
export interface MessageEvent {
  type: 'message';
  topic: string;
  payload: Uint8Array;
  qos: 0 | 1;
  retain: boolean;
  dup: boolean;
}

/** A PUBLISH went onto the socket (first send, or a resend after reconnect). */
export interface PublishedEvent {
  type: 'published';
  /** The number publish() returned. */
  ref: number;
  /** The packet id (QoS1), 0 for QoS0. */
  id: number;
  topic: string;
  qos: 0 | 1;
  dup: boolean;
}

/** The broker acknowledged a QoS1 publish (PUBACK): its window slot is free again. */
export interface AckedEvent {
  type: 'acked';
  ref: number;
  id: number;
  topic: string;
}

/**
 * A publish was given up: 'queue-full' when a publish met a full offline queue (the oldest queued one is dropped
 * to make room: the newest reading is usually the one worth sending), 'write-blocked' for a QoS0 publish the
 * socket refused while the queue had no room. Unacknowledged QoS1 publishes are never given up on a session loss
 * (sessionPresent 0): each is sent again as a new message, so at-least-once delivery survives it.
 */
export interface DroppedEvent {
  type: 'dropped';
  reason: 'queue-full' | 'write-blocked';
  ref: number;
  topic: string;
  qos: 0 | 1;
}

/** A SUBACK answered a subscription: ok with the granted QoS, or refused (granted 0x80). */
export interface SubscribedEvent {
  type: 'subscribed';
  topic: string;
  ok: boolean;
  granted: number;
}

/** An UNSUBACK confirmed an unsubscription, or the broker's session that held it is gone. */
export interface UnsubscribedEvent {
  type: 'unsubscribed';
  topic: string;
}

/**
 * A packet larger than the receive buffer (mqttRxBuffer) was drained and dropped. For a QoS1 PUBLISH whose
 * packet id fitted in the buffer the client still sends PUBACK (acked true), so the broker does not resend it.
 */
export interface OversizeEvent {
  type: 'oversize';
  /** 3 for PUBLISH. */
  packetType: number;
  size: number;
  /** The PUBLISH topic when it fitted in the buffer. */
  topic: string | undefined;
  qos: number;
  acked: boolean;
}

/** Something went wrong that does not end the connection (e.g. the event handler threw). */
export interface ErrorEvent {
  type: 'error';
  code: 'HANDLER_THREW' | 'UNKNOWN_PACKET_ID';
  message: string;
}

export type ClientEvent =
  | ConnectedEvent
  | ClosedEvent
  | MessageEvent
  | PublishedEvent
  | AckedEvent
  | DroppedEvent
  | SubscribedEvent
  | UnsubscribedEvent
  | OversizeEvent
  | ErrorEvent;

// ---------------------------------------------------------------------------------------------
// Errors returned by calls

/**
 * - NOT_IDLE: connect() while a connection exists or is being made; disconnect() first;
 * - TOO_MANY_SUBSCRIPTIONS: the subscription table (MAX_SUBSCRIPTIONS filters) is full;
 * - NOT_SUBSCRIBED: unsubscribe() of a filter the client does not hold;
 * - the codec's EncodeErrorCode: the packet is invalid or does not fit the transmit buffer (mqttTxBuffer).
 */
export type ClientErrorCode = 'NOT_IDLE' | 'TOO_MANY_SUBSCRIPTIONS' | 'NOT_SUBSCRIBED' | EncodeErrorCode;

export interface ClientError {
  code: ClientErrorCode;
  message: string;
}

export interface PublishOptions {
  /** Default 0. */
  qos?: 0 | 1;
  /** Default false. */
  retain?: boolean;
}

/** Counters for tests and memory accounting. */
export interface ClientStats {
  state: ClientState;
  inflight: number;
  queued: number;
  subscriptions: number;
  /** Event notifications waiting for delivery now, and the most ever waiting at once. */
  pendingEvents: number;
  pendingEventsHigh: number;
  /** PUBACKs owed while the socket is blocked. */
  owedAcks: number;
}
