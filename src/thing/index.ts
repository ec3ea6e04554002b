// src/thing: Alink JSON thing-model helpers (spec/protocol.md §7).
export { thingTopics, eventPostTopic, serviceReplyTopic, serviceIdOf, type ThingTopics } from './topics';
export { createIdSource, type IdSource } from './ids';
export {
  propertyPostRequest,
  eventPostRequest,
  replyJson,
  parseRequest,
  parseReply,
  type AlinkRequest,
  type AlinkReply,
  type OutgoingRequest,
  type ParseResult,
} from './alink';
