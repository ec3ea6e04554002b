// The QoS1 in-flight window: publishes written (or about to be) and not yet acknowledged, at most `capacity` of
// them (the board's qos1Window), in the order they were first sent. Each holds its encoded packet until PUBACK.

import { Outgoing } from './outgoing';

export class InflightWindow {
  private readonly entries: Outgoing[] = [];
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity > 0 ? Math.floor(capacity) : 0;
  }

  size(): number {
    return this.entries.length;
  }

  isFull(): boolean {
    return this.entries.length >= this.capacity;
  }

  /** Adds an entry; false (and nothing added) when the window is full. */
  add(entry: Outgoing): boolean {
    if (this.isFull()) return false;
    this.entries.push(entry);
    return true;
  }

  /** The entry with this packet id, removed; null when none is in flight with it. */
  take(id: number): Outgoing | null {
    for (let i = 0; i < this.entries.length; i++) {
      if (this.entries[i].id === id) return this.entries.splice(i, 1)[0];
    }
    return null;
  }

  hasId(id: number): boolean {
    for (let i = 0; i < this.entries.length; i++) if (this.entries[i].id === id) return true;
    return false;
  }

  /** The i-th entry in send order (0 = oldest). */
  at(i: number): Outgoing {
    return this.entries[i];
  }

  /** Removes and returns every entry, oldest first. */
  takeAll(): Outgoing[] {
    return this.entries.splice(0);
  }
}
