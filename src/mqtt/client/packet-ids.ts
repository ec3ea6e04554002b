// Packet identifiers 1..65535 [MQTT-2.3.1], handed out in turn, skipping those still in use (a QoS1 publish in
// the window, a SUBSCRIBE/UNSUBSCRIBE awaiting its ack). The in-use set is small (window + subscriptions), so the
// search ends after at most that many steps.

import { MAX_PACKET_ID } from '../codec/constants';

export class PacketIds {
  private next = 1;
  private readonly inUse: (id: number) => boolean;

  constructor(inUse: (id: number) => boolean) {
    this.inUse = inUse;
  }

  /** A free packet id; 0 only if all 65535 are in use (cannot happen with bounded tables). */
  take(): number {
    for (let tries = 0; tries < MAX_PACKET_ID; tries++) {
      const id = this.next;
      this.next = id >= MAX_PACKET_ID ? 1 : id + 1;
      if (!this.inUse(id)) return id;
    }
    return 0;
  }
}
