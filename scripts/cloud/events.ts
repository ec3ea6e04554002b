// What happens in the cloud, as typed events: the console stream, the admin API's SSE and tests subscribe here.
// Events never carry a secret in full: secrets and tokens appear only through maskSecret.

import { EventEmitter } from 'node:events';

interface Base {
  /** Epoch milliseconds. */
  at: number;
}

export type Via = 'https' | 'mqtt';

export type CloudEvent = Base &
  (
    | { type: 'product-added'; productKey: string; dynamicRegistration: boolean; region: string; productSecret: string }
    | { type: 'devices-added'; productKey: string; deviceNames: string[] }
    | { type: 'registered'; via: Via; authType: 'register' | 'regnwl'; productKey: string; deviceName: string; secret: string }
    | { type: 'token-issued'; productKey: string; deviceName: string; iotId: string; iotToken: string }
    | { type: 'refused'; via: Via; code: number; reason: string; productKey?: string; deviceName?: string; clientId?: string }
    | {
        type: 'login';
        productKey: string;
        deviceName: string;
        clientId: string;
        secureMode: number;
        transport: 'tls' | 'tcp';
        activated: boolean;
      }
    | { type: 'logout'; productKey: string; deviceName: string; clientId: string }
    | { type: 'kicked'; productKey: string; deviceName: string; clientId: string; byClientId: string }
    | { type: 'published'; direction: 'up' | 'down'; productKey: string; deviceName: string; topic: string; qos: number; bytes: number; preview: string }
    | { type: 'denied'; action: 'publish' | 'subscribe'; productKey: string; deviceName: string; clientId: string; topic: string }
    | { type: 'reset'; productKey: string; deviceName: string }
    /** An MQTT connection closed by the broker for what it sent (or for being one too many from its address). */
    | { type: 'dropped'; address: string; reason: string; productKey?: string; deviceName?: string }
  );

export type CloudEventType = CloudEvent['type'];
export type CloudEventOf<T extends CloudEventType> = Extract<CloudEvent, { type: T }>;
/** An event as emitted, before the bus stamps `at`. */
export type CloudEventInput = CloudEvent extends infer E ? (E extends CloudEvent ? Omit<E, 'at'> : never) : never;

/** How many recent events the bus keeps for late subscribers (the admin API's /events/recent). */
const RECENT_LIMIT = 500;

/**
 * The cloud's event bus. `on('event', fn)` sees every event; `on(type, fn)` one type. `subscribe` returns the
 * function that unsubscribes.
 */
export class CloudEvents extends EventEmitter {
  private readonly recentEvents: CloudEvent[] = [];

  constructor(private readonly now: () => number = Date.now) {
    super();
    this.setMaxListeners(0);
  }

  emitEvent(input: CloudEventInput): CloudEvent {
    const event = { ...input, at: this.now() } as CloudEvent;
    this.recentEvents.push(event);
    if (this.recentEvents.length > RECENT_LIMIT) this.recentEvents.shift();
    this.emit(event.type, event);
    this.emit('event', event);
    return event;
  }

  subscribe(listener: (event: CloudEvent) => void): () => void {
    this.on('event', listener);
    return () => this.off('event', listener);
  }

  /** The last events, oldest first. */
  recent(): CloudEvent[] {
    return this.recentEvents.slice();
  }

  /** The next event of a type that satisfies `match`; rejects after timeoutMs. */
  waitFor<T extends CloudEventType>(
    type: T,
    match: (event: CloudEventOf<T>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<CloudEventOf<T>> {
    return new Promise((resolve, reject) => {
      const onEvent = (event: CloudEventOf<T>): void => {
        if (!match(event)) return;
        clearTimeout(timer);
        this.off(type, onEvent);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.off(type, onEvent);
        reject(new Error(`no ${type} event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on(type, onEvent);
    });
  }
}
