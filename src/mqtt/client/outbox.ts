// The offline queue: publishes waiting for the link (while not connected, while the QoS1 window is full, or while
// the socket is blocked), at most `capacity` of them (the board's offlineQueue), first in first out. When full,
// the drop policy decides which publish is given up; the caller reports it with a 'dropped' event.

import { Outgoing } from './outgoing';
import type { DropPolicy } from './types';

export class Outbox {
  private readonly entries: Outgoing[] = [];
  private readonly capacity: number;
  private readonly policy: DropPolicy;

  constructor(capacity: number, policy: DropPolicy) {
    this.capacity = capacity > 0 ? Math.floor(capacity) : 0;
    this.policy = policy;
  }

  size(): number {
    return this.entries.length;
  }

  isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Appends an entry; returns the entry the policy dropped to stay within capacity (maybe this one), or null. */
  push(entry: Outgoing): Outgoing | null {
    if (this.entries.length < this.capacity) {
      this.entries.push(entry);
      return null;
    }
    if (this.policy === 'drop-newest' || this.capacity === 0) return entry;
    const oldest = this.entries.shift() as Outgoing;
    this.entries.push(entry);
    return oldest;
  }

  /** Puts an entry back at the head (a send the socket refused); returns what had to be dropped for it, or null. */
  pushFront(entry: Outgoing): Outgoing | null {
    if (this.entries.length < this.capacity) {
      this.entries.unshift(entry);
      return null;
    }
    return entry;
  }

  peek(): Outgoing | null {
    return this.entries.length > 0 ? this.entries[0] : null;
  }

  shift(): Outgoing | null {
    return this.entries.length > 0 ? (this.entries.shift() as Outgoing) : null;
  }
}
