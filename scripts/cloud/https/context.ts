// What the HTTPS handlers work with.

import type { CloudEvents } from '../events';
import type { Product, Registry } from '../registry/index';
import type { ProtocolReply } from './reply';

export interface HttpsContext {
  registry: Registry;
  events: CloudEvents;
  now(): number;
  /** Where /auth/devicename sends a device for MQTT (resources.mqtt). */
  mqttTarget(product: Product): { host: string; port: number };
}

/** A protocol endpoint: the parsed form in, the JSON reply out. */
export type FormHandler = (fields: Map<string, string>, ctx: HttpsContext) => ProtocolReply;
