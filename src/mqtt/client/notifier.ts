// Event delivery that never runs user code inside the parser or in the middle of the client's own work.
//
// Every way into the client — an API call or a HAL callback (socket data, close, drain, timer) — is bracketed by
// enter()/leave(). Events are queued while the client works; when the outermost leave() runs, the client's state
// is consistent and the queue is delivered in order. A handler may call the client (publish, disconnect, connect):
// those calls queue their events behind the current one, and the running delivery loop hands them out after the
// handler returns, so handlers never nest. Consequences the caller sees:
// - events caused by an API call made outside a handler are delivered before that call returns;
// - a QoS1 message is acknowledged after its handler returned (the `after` step of its notification).
//
// Bound: socket data is fed to the decoder in slices of at most SLICE_BYTES, each its own enter()/leave(), so one
// delivery round holds at most SLICE_BYTES/2 packet events plus what one CONNACK or PUBACK releases (one event
// per window or queue entry) and one 'closed'; handlers add one event or so per call they make.

import type { LogSink } from '../../../hal/types';
import type { ClientEvent, EventHandler } from './types';

/** Socket bytes are decoded in slices this long: every packet takes at least 2 bytes, so ≤ 16 events a slice. */
export const SLICE_BYTES = 32;

export interface Notification {
  event: ClientEvent;
  /** A QoS1 message's packet id to acknowledge once the handler returned; 0 for none. */
  ackId: number;
  /** The connection the notification belongs to (acks go only to that one). */
  generation: number;
}

export class Notifier {
  private readonly queue: Notification[] = [];
  private depth = 0;
  private delivering = false;
  private high = 0;
  private handler: EventHandler | undefined;
  private readonly after: (n: Notification) => void;
  private readonly log: LogSink;

  /** @param after runs (inside enter/leave) once the handler has returned, for notifications with an ackId */
  constructor(handler: EventHandler | undefined, after: (n: Notification) => void, log: LogSink) {
    this.handler = handler;
    this.after = after;
    this.log = log;
  }

  setHandler(handler: EventHandler | undefined): void {
    this.handler = handler;
  }

  enter(): void {
    this.depth++;
  }

  leave(): void {
    this.depth--;
    if (this.depth === 0 && !this.delivering) this.deliver();
  }

  push(event: ClientEvent, ackId: number, generation: number): void {
    this.queue.push({ event: event, ackId: ackId, generation: generation });
    if (this.queue.length > this.high) this.high = this.queue.length;
  }

  pending(): number {
    return this.queue.length;
  }

  highWater(): number {
    return this.high;
  }

  private deliver(): void {
    this.delivering = true;
    while (this.queue.length > 0) {
      const n = this.queue.shift() as Notification;
      this.callHandler(n.event);
      if (n.ackId > 0) {
        this.depth++;
        this.after(n);
        this.depth--;
      }
    }
    this.delivering = false;
  }

  /** User code: an exception it throws is logged and reported, never let through the client. */
  private callHandler(event: ClientEvent): void {
    const handler = this.handler;
    if (handler === undefined) return;
    try {
      handler(event);
    } catch (e) {
      const message = 'event handler threw on ' + event.type + ': ' + describe(e);
      this.log.write('error', 'mqtt', message);
      if (event.type !== 'error') this.push({ type: 'error', code: 'HANDLER_THREW', message: message }, 0, 0);
    }
  }
}

function describe(e: unknown): string {
  if (e !== null && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
