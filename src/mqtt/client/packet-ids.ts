// Packet identifiers 1..65535 [MQTT-2.3.1], handed out in turn, skipping those still in use (a QoS1 publish in
// the window, a SUBSCRIBE/UNSUBSCRIBE awaiting its ack: an `id` of 0 means none). The in-use set is small
// (window + subscriptions), so the search ends after at most that many steps.

import { MAX_PACKET_ID } from '../codec/constants';

/** The first id after `last` (wrapping from 65535 to 1) that no entry of `a` or `b` holds; 0 only if all do. */
export function nextPacketId(last: number, a: { id: number }[], b: { id: number }[]): number {
  let id = last;
  for (let tries = 0; tries < MAX_PACKET_ID; tries++) {
    id = id >= MAX_PACKET_ID ? 1 : id + 1;
    let used = false;
    for (let i = 0; i < a.length && !used; i++) used = a[i].id === id;
    for (let i = 0; i < b.length && !used; i++) used = b[i].id === id;
    if (!used) return id;
  }
  return 0;
}
