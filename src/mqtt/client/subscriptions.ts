// The subscriptions the client holds, so they can be restored when a reconnect finds no session on the broker.
// At most `capacity` entries; each is one topic filter sent in its own SUBSCRIBE / UNSUBSCRIBE.
//
// An entry's life: TO_SUBSCRIBE → (SUBSCRIBE written) SUBSCRIBING → (SUBACK ok) ACTIVE. unsubscribe() moves an
// entry the broker may know to TO_UNSUBSCRIBE → UNSUBSCRIBING → removed at UNSUBACK; one the broker never saw is
// removed at once. A lost connection sends the -ING states back to their TO_ states.

export const TO_SUBSCRIBE = 0;
export const SUBSCRIBING = 1;
export const ACTIVE = 2;
export const TO_UNSUBSCRIBE = 3;
export const UNSUBSCRIBING = 4;

/** unsubscribe() outcomes. */
export const NOT_HELD = 0;
export const UNSUBSCRIBE_DONE = 1;
export const UNSUBSCRIBE_PENDING = 2;

export interface SubscriptionEntry {
  topic: string;
  qos: 0 | 1;
  state: number;
  /** The packet id of the SUBSCRIBE/UNSUBSCRIBE awaiting its ack; 0 otherwise. */
  id: number;
  /** A SUBACK granted it at some time, so a resumed session on the broker may still hold it. */
  known: boolean;
}

export class SubscriptionTable {
  private readonly entries: SubscriptionEntry[] = [];
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity > 0 ? Math.floor(capacity) : 0;
  }

  size(): number {
    return this.entries.length;
  }

  find(topic: string): SubscriptionEntry | null {
    for (let i = 0; i < this.entries.length; i++) if (this.entries[i].topic === topic) return this.entries[i];
    return null;
  }

  /** Adds (or re-arms) a subscription to be sent; false when the table is full. */
  subscribe(topic: string, qos: 0 | 1): boolean {
    const existing = this.find(topic);
    if (existing !== null) {
      existing.qos = qos;
      existing.state = TO_SUBSCRIBE;
      existing.id = 0;
      return true;
    }
    if (this.entries.length >= this.capacity) return false;
    this.entries.push({ topic: topic, qos: qos, state: TO_SUBSCRIBE, id: 0, known: false });
    return true;
  }

  /**
   * Marks a subscription for removal: UNSUBSCRIBE_PENDING when the broker may hold it (an UNSUBSCRIBE will go out),
   * UNSUBSCRIBE_DONE when it never reached the broker (removed now), NOT_HELD when the client does not hold it.
   */
  unsubscribe(topic: string): number {
    const entry = this.find(topic);
    if (entry === null) return NOT_HELD;
    if (entry.known || entry.state === SUBSCRIBING) {
      entry.state = TO_UNSUBSCRIBE;
      entry.id = 0;
      return UNSUBSCRIBE_PENDING;
    }
    this.remove(entry);
    return UNSUBSCRIBE_DONE;
  }

  /** The entry waiting for the ack with this packet id in the given state, or null. */
  awaiting(id: number, state: number): SubscriptionEntry | null {
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (e.id === id && e.state === state) return e;
    }
    return null;
  }

  hasId(id: number): boolean {
    for (let i = 0; i < this.entries.length; i++) if (this.entries[i].id === id) return true;
    return false;
  }

  /** The first entry with something to send (TO_SUBSCRIBE or TO_UNSUBSCRIBE), or null. */
  nextToSend(): SubscriptionEntry | null {
    for (let i = 0; i < this.entries.length; i++) {
      const s = this.entries[i].state;
      if (s === TO_SUBSCRIBE || s === TO_UNSUBSCRIBE) return this.entries[i];
    }
    return null;
  }

  remove(entry: SubscriptionEntry): void {
    const i = this.entries.indexOf(entry);
    if (i >= 0) this.entries.splice(i, 1);
  }

  /** The connection is gone: requests awaiting an ack will be sent again. */
  connectionLost(): void {
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (e.state === SUBSCRIBING) e.state = TO_SUBSCRIBE;
      else if (e.state === UNSUBSCRIBING) e.state = TO_UNSUBSCRIBE;
      e.id = 0;
    }
  }

  /**
   * A CONNACK without a session: every subscription must be made again, and pending unsubscriptions are done
   * (the broker holds nothing). Returns the topics whose unsubscription this completed.
   */
  sessionLost(): string[] {
    const done: string[] = [];
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e.state === TO_UNSUBSCRIBE || e.state === UNSUBSCRIBING) {
        done.unshift(e.topic);
        this.entries.splice(i, 1);
      } else {
        e.state = TO_SUBSCRIBE;
        e.id = 0;
        e.known = false;
      }
    }
    return done;
  }
}
