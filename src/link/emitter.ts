import type { LogSink } from '../../hal/types';
import type { LinkEvent, LinkEventType } from './types';

// Event delivery for the link. Events raised while the machine is working are queued and delivered once it is
// done, so a listener that calls back into the link (publish, stop) never runs in the middle of a transition.
// A listener that throws is logged and does not stop the others.

export type Listener = (event: LinkEvent) => void;

export interface Emitter {
  on(type: LinkEventType, listener: Listener): void;
  off(type: LinkEventType, listener: Listener): void;
  emit(event: LinkEvent): void;
  /** Runs `work` as one step of the machine; queued events are delivered when the outermost step ends. */
  run(work: () => void): void;
  /** Events queued and not yet delivered. */
  pending(): number;
}

const MAX_QUEUED = 64;

export function createEmitter(log: LogSink): Emitter {
  const listeners: { [type: string]: Listener[] } = {};
  const queue: LinkEvent[] = [];
  let depth = 0;

  function deliver(event: LinkEvent): void {
    const list = listeners[event.type];
    if (!list) return;
    const copy = list.slice(0);
    for (let i = 0; i < copy.length; i++) {
      try {
        copy[i](event);
      } catch (e) {
        log.write('error', 'link', 'a ' + event.type + ' listener threw: ' + String(e));
      }
    }
  }

  function flush(): void {
    while (queue.length > 0) deliver(queue.shift()!);
  }

  return {
    on: function (type, listener) {
      (listeners[type] || (listeners[type] = [])).push(listener);
    },
    off: function (type, listener) {
      const list = listeners[type];
      if (!list) return;
      const at = list.indexOf(listener);
      if (at >= 0) list.splice(at, 1);
    },
    emit: function (event) {
      if (queue.length >= MAX_QUEUED) {
        log.write('warn', 'link', 'event queue full: dropped a ' + queue[0].type + ' event');
        queue.shift();
      }
      queue.push(event);
      if (depth === 0) flush();
    },
    pending: function () {
      return queue.length;
    },
    run: function (work) {
      depth++;
      try {
        work();
      } catch (e) {
        // A defect, not a condition: reported, and kept from escaping into the HAL that called us.
        log.write('error', 'link', 'internal error: ' + String(e));
      }
      depth--;
      if (depth === 0) flush();
    },
  };
}
