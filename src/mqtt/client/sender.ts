// The client's outgoing side: the transmit buffer, the QoS1 window, the offline queue, the subscription table and
// the socket writes, with back-pressure. One rule orders everything: pump() writes, in this order, PUBACKs owed,
// a PINGREQ owed, (UN)SUBSCRIBEs to send, window entries not yet written on this connection, then the queue head
// while it can go (QoS0 always, QoS1 when a window slot is free) — and stops at the first BUSY until onDrain.
//
// Memory: tx = mqttTxBuffer bytes; the window ≤ qos1Window and the queue ≤ offlineQueue entries, each a private copy
// of its encoded PUBLISH (≤ mqttTxBuffer bytes; an entry moves from queue to window without a copy; a QoS0 publish
// sent at once is written from tx and never copied); ≤ MAX_OWED_ACKS owed PUBACK ids; the subscription table.

import type { HalError, Socket } from '../../../hal/types';
import {
  encodeDisconnect,
  encodePingreq,
  encodePuback,
  encodeSubscribe,
  encodeUnsubscribe,
  SUBACK_FAILURE,
} from '../codec';
import { InflightWindow } from './inflight';
import { assignPacketId, hasDup, makeOutgoing, Outgoing, setDup } from './outgoing';
import { Outbox } from './outbox';
import { PacketIds } from './packet-ids';
import { ACTIVE, SUBSCRIBING, SubscriptionEntry, SubscriptionTable, TO_SUBSCRIBE, UNSUBSCRIBING } from './subscriptions';
import type { ClientEvent, ClientSizes, DropPolicy, DroppedEvent } from './types';
import '../../features';

/** PUBACKs kept owing while the socket is blocked; one more closes the link (BACKPRESSURE). */
export const MAX_OWED_ACKS = 8;

/** write() outcomes. */
export const WRITTEN = 0;
export const BLOCKED = 1;
export const FAILED = 2;

/** What the sender needs from the client around it. */
export interface SenderHost {
  /** The session is CONNECTED (pump writes only then). */
  isConnected(): boolean;
  emit(event: ClientEvent): void;
  /** Bytes went onto the socket (keep-alive counts idle time from here). */
  wrote(): void;
  /** The socket refused bytes with an error: the client closes the connection (WRITE_FAILED). */
  writeFailed(error: HalError): void;
  /** Too many PUBACKs owed while blocked: the client closes the connection (BACKPRESSURE). */
  tooManyOwed(): void;
  log(message: string): void;
}

export class Sender {
  readonly tx: Uint8Array;
  readonly window: InflightWindow;
  readonly outbox: Outbox;
  readonly subs: SubscriptionTable;
  private readonly ids: PacketIds;
  private readonly host: SenderHost;
  private socket: Socket | null = null;
  /** The socket answered BUSY: nothing more is written until drained(). */
  private blocked = false;
  private pingOwed = false;
  private readonly owedAcks: number[] = [];

  constructor(sizes: ClientSizes, dropPolicy: DropPolicy, maxSubscriptions: number, host: SenderHost) {
    this.tx = new Uint8Array(sizes.mqttTxBuffer);
    this.window = new InflightWindow(sizes.qos1Window);
    this.outbox = new Outbox(sizes.offlineQueue, dropPolicy);
    this.subs = new SubscriptionTable(maxSubscriptions);
    this.ids = new PacketIds((id) => this.window.hasId(id) || this.subs.hasId(id));
    this.host = host;
  }

  attach(socket: Socket): void {
    this.socket = socket;
    this.blocked = false;
  }

  /** Closes the socket (no handler runs after this): what was written on it counts as unwritten, owed packets are forgotten. */
  closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) socket.close();
    this.blocked = false;
    this.pingOwed = false;
    this.owedAcks.splice(0);
    for (let i = 0; i < this.window.size(); i++) this.window.at(i).sent = false;
    this.subs.connectionLost();
  }

  owedAckCount(): number {
    return this.owedAcks.length;
  }

  drained(): void {
    this.blocked = false;
    this.pump();
  }

  /** Writes bytes: WRITTEN; BLOCKED (back-pressure, wait for drained()); FAILED (the host closes the connection). */
  write(bytes: Uint8Array): number {
    const error: HalError | null = this.socket === null ? { code: 'CLOSED', message: 'no socket' } : this.socket.write(bytes);
    if (error === null) {
      this.host.wrote();
      return WRITTEN;
    }
    if (error.code === 'BUSY') {
      this.blocked = true;
      return BLOCKED;
    }
    this.host.writeFailed(error);
    return FAILED;
  }

  /** The encoded packet at the start of tx. */
  writeTx(length: number): number {
    return this.write(this.tx.subarray(0, length));
  }

  /** DISCONNECT if the socket can take it now; best effort (the connection closes right after). */
  writeDisconnect(): void {
    if (this.socket !== null && !this.blocked) this.socket.write(this.tx.subarray(0, encodeDisconnect(this.tx) as number));
  }

  // ------------------------------------------------------------------------------------------
  // Publishing

  /**
   * A publish encoded at the start of tx (`length` bytes, `payloadLength` of them payload): written now when the
   * session is up and nothing waits before it, otherwise queued under the drop policy.
   */
  publish(ref: number, topic: string, qos: 0 | 1, length: number, payloadLength: number): void {
    const now = this.host.isConnected() && !this.blocked && this.outbox.isEmpty() && (qos === 0 || !this.window.isFull());
    if (now && qos === 0) return this.sendQos0Now(ref, topic, length, payloadLength);
    const entry = makeOutgoing(ref, topic, qos, this.tx, length, payloadLength);
    if (now) this.sendToWindow(entry);
    else this.enqueue(entry);
  }

  /** A QoS0 PUBLISH straight from tx (no copy); kept as a queue entry only if the socket did not take it. */
  private sendQos0Now(ref: number, topic: string, length: number, payloadLength: number): void {
    if (this.writeTx(length) === WRITTEN) {
      this.host.emit({ type: 'published', ref: ref, id: 0, topic: topic, qos: 0, dup: false });
      return;
    }
    // write() and the host's close leave tx alone: the packet is still there to copy.
    this.requeue(makeOutgoing(ref, topic, 0, this.tx, length, payloadLength));
  }

  /** Takes a window slot (the caller checked there is one) and a packet id for a QoS1 entry, and sends it. */
  private sendToWindow(entry: Outgoing): boolean {
    assignPacketId(entry, this.ids.take());
    this.window.add(entry);
    return this.sendEntry(entry);
  }

  /** Writes a PUBLISH. A QoS1 entry stays in the window whatever happens; a QoS0 one not taken goes back to the queue. */
  private sendEntry(entry: Outgoing): boolean {
    if (this.write(entry.bytes) === WRITTEN) {
      entry.sent = true;
      entry.everSent = true;
      this.host.emit({ type: 'published', ref: entry.ref, id: entry.id, topic: entry.topic, qos: entry.qos, dup: hasDup(entry) });
      return true;
    }
    if (entry.qos === 0) this.requeue(entry);
    return false;
  }

  private enqueue(entry: Outgoing): void {
    const dropped = this.outbox.push(entry);
    if (dropped !== null) this.dropped(dropped, 'queue-full');
    this.pump();
  }

  private requeue(entry: Outgoing): void {
    const dropped = this.outbox.pushFront(entry);
    if (dropped !== null) this.dropped(dropped, 'write-blocked');
  }

  private dropped(entry: Outgoing, reason: DroppedEvent['reason']): void {
    if (ALIOT_LOG_DEBUG) this.host.log('dropped publish #' + entry.ref + ' on ' + entry.topic + ': ' + reason);
    this.host.emit({ type: 'dropped', reason: reason, ref: entry.ref, topic: entry.topic, qos: entry.qos });
  }

  /** PUBACK for a publish in the window: frees its slot; false when no publish is in flight with this id. */
  pubackReceived(id: number): boolean {
    const entry = this.window.take(id);
    if (entry === null) return false;
    this.host.emit({ type: 'acked', ref: entry.ref, id: id, topic: entry.topic });
    this.pump();
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // Session

  /** The broker kept our session: each unacknowledged publish goes again, with DUP when it went before. */
  sessionResumed(): void {
    for (let i = 0; i < this.window.size(); i++) setDup(this.window.at(i), this.window.at(i).everSent);
  }

  /**
   * The broker has no session for us: unacknowledged publishes are republished as new messages, or dropped
   * (dropInflight); subscriptions are made again; pending unsubscriptions are complete.
   */
  sessionLost(dropInflight: boolean): void {
    if (dropInflight) {
      const lost = this.window.takeAll();
      for (let i = 0; i < lost.length; i++) this.dropped(lost[i], 'session-lost');
    } else {
      for (let i = 0; i < this.window.size(); i++) {
        setDup(this.window.at(i), false);
        this.window.at(i).everSent = false;
      }
    }
    const done = this.subs.sessionLost();
    for (let i = 0; i < done.length; i++) this.host.emit({ type: 'unsubscribed', topic: done[i] });
  }

  // ------------------------------------------------------------------------------------------
  // Subscriptions

  /** SUBACK: false when no SUBSCRIBE awaits it. */
  subackReceived(id: number, granted: number): boolean {
    const entry = this.subs.awaiting(id, SUBSCRIBING);
    if (entry === null) return false;
    const ok = granted !== SUBACK_FAILURE;
    if (ok) {
      entry.state = ACTIVE;
      entry.known = true;
      entry.id = 0;
    } else this.subs.remove(entry);
    this.host.emit({ type: 'subscribed', topic: entry.topic, ok: ok, granted: granted });
    return true;
  }

  /** UNSUBACK: false when no UNSUBSCRIBE awaits it. */
  unsubackReceived(id: number): boolean {
    const entry = this.subs.awaiting(id, UNSUBSCRIBING);
    if (entry === null) return false;
    this.subs.remove(entry);
    this.host.emit({ type: 'unsubscribed', topic: entry.topic });
    return true;
  }

  private sendSubscription(entry: SubscriptionEntry): boolean {
    const id = this.ids.take();
    const length = entry.state === TO_SUBSCRIBE
      ? encodeSubscribe(this.tx, { packetId: id, subscriptions: [{ topic: entry.topic, qos: entry.qos }] })
      : encodeUnsubscribe(this.tx, { packetId: id, topics: [entry.topic] });
    if (typeof length !== 'number') {
      // Unreachable: subscribe() encoded the same filter into the same buffer.
      if (ALIOT_LOG_DEBUG) this.host.log('cannot encode (UN)SUBSCRIBE for ' + entry.topic + ': ' + length.message);
      this.subs.remove(entry);
      return true;
    }
    if (this.writeTx(length) !== WRITTEN) return false;
    entry.id = id;
    entry.state = entry.state === TO_SUBSCRIBE ? SUBSCRIBING : UNSUBSCRIBING;
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // Acknowledgements and pings

  /** PUBACK for an incoming QoS1 publish, in order behind any still owed. */
  ack(id: number): void {
    if (this.blocked || this.owedAcks.length > 0) return this.owe(id);
    if (this.writePuback(id) === BLOCKED) this.owe(id);
  }

  private owe(id: number): void {
    if (this.owedAcks.length < MAX_OWED_ACKS) this.owedAcks.push(id);
    else this.host.tooManyOwed();
  }

  private writePuback(id: number): number {
    return this.writeTx(encodePuback(this.tx, id) as number);
  }

  /** PINGREQ now, or owed while blocked; false when the write failed (the connection is closed). */
  ping(): boolean {
    if (this.blocked) {
      this.pingOwed = true;
      return true;
    }
    const outcome = this.writeTx(encodePingreq(this.tx) as number);
    if (outcome === BLOCKED) this.pingOwed = true;
    return outcome !== FAILED;
  }

  // ------------------------------------------------------------------------------------------

  /** Writes what is owed and waiting, in order, until done, blocked, or the connection is gone. */
  pump(): void {
    if (!this.host.isConnected() || this.blocked) return;
    while (this.owedAcks.length > 0) {
      if (this.writePuback(this.owedAcks[0]) !== WRITTEN) return;
      this.owedAcks.shift();
    }
    if (this.pingOwed) {
      if (this.writeTx(encodePingreq(this.tx) as number) !== WRITTEN) return;
      this.pingOwed = false;
    }
    for (let entry = this.subs.nextToSend(); entry !== null; entry = this.subs.nextToSend()) {
      if (!this.sendSubscription(entry)) return;
    }
    for (let i = 0; i < this.window.size(); i++) {
      if (!this.window.at(i).sent && !this.sendEntry(this.window.at(i))) return;
    }
    for (let head = this.outbox.peek(); head !== null; head = this.outbox.peek()) {
      if (head.qos === 1 && this.window.isFull()) return;
      this.outbox.shift();
      if (!(head.qos === 1 ? this.sendToWindow(head) : this.sendEntry(head))) return;
    }
  }
}
