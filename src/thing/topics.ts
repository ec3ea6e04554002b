// Alink thing-model topics of one device (spec/protocol.md §7). ↑ device to cloud, ↓ cloud to device.

export interface ThingTopics {
  /** ↑ thing.event.property.post */
  propertyPost: string;
  /** ↓ its reply */
  propertyPostReply: string;
  /** ↓ thing.service.property.set */
  propertySet: string;
  /** ↑ its reply */
  propertySetReply: string;
  /** ↓ every service call: the prefix plus the service identifier */
  servicePrefix: string;
}

/** The fixed topics of device PK/DN. */
export function thingTopics(productKey: string, deviceName: string): ThingTopics {
  const base = '/sys/' + productKey + '/' + deviceName + '/thing/';
  return {
    propertyPost: base + 'event/property/post',
    propertyPostReply: base + 'event/property/post_reply',
    propertySet: base + 'service/property/set',
    propertySetReply: base + 'service/property/set_reply',
    servicePrefix: base + 'service/',
  };
}

/** ↑ thing.event.{eventId}.post */
export function eventPostTopic(productKey: string, deviceName: string, eventId: string): string {
  return '/sys/' + productKey + '/' + deviceName + '/thing/event/' + eventId + '/post';
}

/** ↑ the reply to service {serviceId} */
export function serviceReplyTopic(productKey: string, deviceName: string, serviceId: string): string {
  return '/sys/' + productKey + '/' + deviceName + '/thing/service/' + serviceId + '_reply';
}

/** The service identifier of a ↓ service topic of this device, or undefined when it is not one. */
export function serviceIdOf(topics: ThingTopics, topic: string): string | undefined {
  if (topic.indexOf(topics.servicePrefix) !== 0) return undefined;
  const id = topic.substring(topics.servicePrefix.length);
  if (id.length === 0 || id.indexOf('/') >= 0 || id === 'property/set') return undefined;
  if (id.length > 6 && id.substring(id.length - 6) === '_reply') return undefined;
  return id;
}
