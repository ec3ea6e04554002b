// The MQTT 3.1.1 client session (keep-alive, packet ids, QoS1 window with resend, subscriptions restored, bounded
// offline queue) over a HAL socket. See client/client.ts for the memory it holds and when events are delivered.

export { MqttClient, DEFAULT_CONNECT_TIMEOUT_MS, MAX_SUBSCRIPTIONS, MAX_OWED_ACKS, SLICE_BYTES } from './client/client';
export { connackRefusal } from './client/connack';
export { PING_FRACTION, PINGRESP_TIMEOUT_CAP_MS, defaultPingrespTimeout } from './client/keepalive';
export type {
  AckedEvent,
  ClientError,
  ClientErrorCode,
  ClientEvent,
  ClientOptions,
  ClientSizes,
  ClientState,
  ClientStats,
  ClosedEvent,
  CloseReason,
  ConnackRefusal,
  ConnectedEvent,
  Credentials,
  DroppedEvent,
  ErrorEvent,
  EventHandler,
  MessageEvent,
  OversizeEvent,
  PublishedEvent,
  PublishOptions,
  RefusalCode,
  SessionProtocolCode,
  SubscribedEvent,
  UnsubscribedEvent,
} from './client/types';
