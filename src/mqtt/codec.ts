// The MQTT 3.1.1 codec: encoders for what a client sends, a resumable bounded decoder for what a server sends.

export * from './codec/constants';
export type { EncodeError, EncodeErrorCode, EncodeResult, ProtocolErrorCode } from './codec/errors';
export type {
  BytesOrString,
  ConnackPacket,
  ConnectPacket,
  IncomingPacket,
  IncomingPublishPacket,
  PingrespPacket,
  PubackPacket,
  PublishPacket,
  QoS,
  SubackPacket,
  SubscribePacket,
  Subscription,
  UnsubackPacket,
  UnsubscribePacket,
  Will,
} from './codec/packets';
export type { DecoderEvent, DecoderSink, OversizeEvent, ProtocolErrorEvent } from './codec/events';
export {
  encodeConnect,
  encodeDisconnect,
  encodePingreq,
  encodePuback,
  encodePublish,
  encodeSubscribe,
  encodeUnsubscribe,
} from './codec/encode';
export { MqttDecoder } from './codec/decoder';
export type { DecoderState } from './codec/decoder';
export { decodeUtf8, utf8Bytes, utf8Length, UTF8_INVALID, writeUtf8 } from './codec/utf8';
