// The MQTT 3.1.1 client session: one connection at a time over a HAL socket, keep-alive, packet ids, a QoS1
// window with resend after reconnect, subscriptions restored when the broker lost our session, and a bounded
// offline queue. It never decides when to reconnect: the link state machine calls connect() after a 'closed'.
//
// One object, prototype methods, and the closures it hands the HAL (decoder sink, socket handlers, timer
// callback) made once in the constructor: nothing is allocated per message but the event and the payload.
//
// Memory (all sized by the board, allocated once or bounded by construction):
// - receive buffer: mqttRxBuffer bytes (the decoder's); transmit buffer: mqttTxBuffer bytes;
// - the QoS1 window ≤ qos1Window and the offline queue ≤ offlineQueue entries, each a private copy of its encoded
//   PUBLISH (≤ mqttTxBuffer bytes); an entry moves from queue to window without a copy; a QoS0 publish sent at
//   once is written from tx and never copied;
// - ≤ MAX_SUBSCRIPTIONS subscriptions; ≤ MAX_OWED_ACKS owed PUBACK ids; the event queue (bound below);
// - one HAL timer at a time: the connect deadline, then keep-alive's.
//
// States: IDLE → CONNECTING → CONNACK_WAIT → CONNECTED → IDLE, every transition logged at debug level.
//
// Writing: one rule orders everything. pump() writes, in this order, PUBACKs owed, a PINGREQ owed,
// (UN)SUBSCRIBEs to send, window entries not yet written on this connection, then the queue head while it can go
// (QoS0 always, QoS1 when a window slot is free) — and stops at the first BUSY until onDrain.
//
// Event delivery never runs user code inside the parser or in the middle of the client's own work. Every way
// into the client — an API call or a HAL callback — counts `depth` up and calls leave() on its way out; events
// are queued meanwhile and the outermost leave() delivers them in order. A handler may call the client: those
// calls queue their events behind the current one and the running delivery loop hands them out after the handler
// returns, so handlers never nest. So: events of an API call made outside a handler are delivered before it
// returns; a QoS1 message is acknowledged after its handler returned, on the connection it came from.
// Bound: socket data is fed to the decoder in slices of SLICE_BYTES, each its own round, so one round holds at
// most SLICE_BYTES/2 packet events plus what one CONNACK or PUBACK releases (one event per window or queue
// entry) and one 'closed'; handlers add one event or so per call they make.
//
// Keep-alive [MQTT-3.1.2.10]: a PINGREQ goes out when nothing was written for PING_FRACTION of the interval
// (writes do not touch the timer: when it fires it measures the idle time and re-arms for the rest); the PINGRESP
// then has pingrespTimeoutMs, after which the link is declared dead (other packets do not stand in for it).
// Times come from the HAL's wrapping 32-bit clock and are compared with elapsedMs.

import type { Hal, HalError, Socket, SocketHandlers, TimerId } from '../../../hal/types';
import { maskSecret } from '../../util/mask';
import { elapsedMs } from '../../util/time';
import {
  DecoderEvent,
  encodeConnect,
  encodeDisconnect,
  encodePingreq,
  encodePuback,
  encodePublish,
  encodeSubscribe,
  encodeUnsubscribe,
  MqttDecoder,
  PUBLISH_FLAG_DUP,
  PUBLISH_FLAG_QOS_SHIFT,
  SUBACK_FAILURE,
  TYPE_PUBLISH,
  utf8Bytes,
} from '../codec';
import { connackRefusal } from './connack';
import { defaultPingrespTimeout, PING_FRACTION } from './keepalive';
import { nextPacketId } from './packet-ids';
import type {
  ClientError,
  ClientEvent,
  ClientOptions,
  ClientSizes,
  ClientState,
  ClientStats,
  ClosedEvent,
  CloseReason,
  ConnackRefusal,
  Credentials,
  EventHandler,
  PublishOptions,
} from './types';
import '../../features';

const TAG = 'mqtt';
/** The CONNACK deadline when neither the client's options nor connect() name one (the link's documented 10 s). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10000;
/** Subscriptions remembered for restoring after a reconnect: an Alink device needs a handful. */
export const MAX_SUBSCRIPTIONS = 8;
/** PUBACKs kept owing while the socket is blocked; one more closes the link (BACKPRESSURE). */
export const MAX_OWED_ACKS = 8;
/** Socket bytes are decoded in slices this long: every packet takes at least 2 bytes, so ≤ 16 events a slice. */
export const SLICE_BYTES = 32;
const MAX_REF = 0x7fffffff;

/** write() outcomes. */
const WRITTEN = 0;
const BLOCKED = 1;
const FAILED = 2;

/** The QoS 1 bit of a PUBLISH's first byte (QoS 2 is never sent). */
const QOS1_FLAG = 1 << PUBLISH_FLAG_QOS_SHIFT;

/** Outgoing.sent: never written; written on this connection; written on an earlier one only (a resend has DUP). */
const NEVER = 0;
const HERE = 1;
const BEFORE = 2;

/**
 * One outgoing PUBLISH while it waits in the offline queue or the QoS1 window: the encoded packet itself (a
 * private copy), so a resend is the same bytes with the DUP bit set — same topic, payload and packet id by
 * construction. Its QoS and DUP are read from the first byte.
 */
interface Outgoing {
  /** The client-local number publish() returned (1..2^31-1, wrapping). */
  ref: number;
  topic: string;
  /** The whole encoded PUBLISH; for QoS1 the packet id is written in when a window slot is taken. */
  bytes: Uint8Array;
  /** The packet id (QoS1, once in the window); 0 otherwise. */
  id: number;
  /** NEVER, HERE or BEFORE. */
  sent: number;
}

/**
 * Subscription states. TO_SUBSCRIBE → (SUBSCRIBE written) SUBSCRIBING → (SUBACK ok) ACTIVE. unsubscribe() moves
 * an entry the broker may know to TO_UNSUBSCRIBE → UNSUBSCRIBING → removed at UNSUBACK; one the broker never saw
 * is removed at once. A lost connection sends the -ING states back to their TO_ states.
 */
const TO_SUBSCRIBE = 0;
const SUBSCRIBING = 1;
const ACTIVE = 2;
const TO_UNSUBSCRIBE = 3;
const UNSUBSCRIBING = 4;

/** One topic filter the client holds, sent in its own SUBSCRIBE / UNSUBSCRIBE. */
interface Subscription {
  topic: string;
  qos: 0 | 1;
  state: number;
  /** The packet id of the SUBSCRIBE/UNSUBSCRIBE awaiting its ack; 0 otherwise. */
  id: number;
  /** A SUBACK granted it at some time, so a resumed session on the broker may still hold it. */
  known: boolean;
}

export class MqttClient {
  // Field names are at most 8 characters and flags are 0/1: on Espruino a property whose name is that short and
  // whose value is an integer takes one JsVar; a longer name or a boolean value takes one more.
  private readonly hal: Hal;
  private readonly decoder: MqttDecoder;
  private readonly tx: Uint8Array;
  private readonly handlers: SocketHandlers;
  private readonly onTimer: () => void;
  private readonly handler: EventHandler | undefined;
  /** Board sizes: the QoS1 window, the offline queue. */
  private readonly winSize: number;
  private readonly queueMax: number;
  /** The connect deadline (ms); the pingrespTimeoutMs option, if given. */
  private connMs: number;
  private readonly respOpt: number | undefined;
  private st: ClientState = 'IDLE';
  private creds: Credentials | null = null;
  /** Bumped whenever a connection starts or ends: a data callback notices a connection ended inside it. */
  private gen = 0;
  private socket: Socket | null = null;
  /** The socket answered BUSY: nothing more is written until onDrain. */
  private blocked = 0;
  private pingOwed = 0;
  private readonly owedAcks: number[] = [];
  private readonly window: Outgoing[] = [];
  private readonly queue: Outgoing[] = [];
  private readonly subs: Subscription[] = [];
  private lastId = 0;
  private lastRef = 0;
  /** Events waiting for delivery, each with the packet id to acknowledge after its handler (0: none). */
  private readonly events: ClientEvent[] = [];
  private readonly evAcks: number[] = [];
  /** The most events ever waiting at once. */
  private evHigh = 0;
  /** Ways into the client not yet left; the delivery loop is running (handing events out). */
  private depth = 0;
  private handing = 0;
  /** The one timer and whether it is armed. */
  private timer: TimerId = 0;
  private armed = 0;
  /** Keep-alive on this connection: PINGREQ after pingMs idle; PINGRESP within respMs; one awaited. */
  private pingMs = 0;
  private respMs = 0;
  private pingWait = 0;
  /** When bytes last went onto the socket (CONNECT included): keep-alive counts idle time from here. */
  private sentAt = 0;

  constructor(hal: Hal, sizes: ClientSizes, options?: ClientOptions) {
    const o = options || {};
    const self = this;
    this.hal = hal;
    this.tx = new Uint8Array(sizes.mqttTxBuffer);
    this.winSize = sizes.qos1Window > 0 ? Math.floor(sizes.qos1Window) : 0;
    this.queueMax = sizes.offlineQueue > 0 ? Math.floor(sizes.offlineQueue) : 0;
    this.connMs = o.connectTimeoutMs !== undefined ? o.connectTimeoutMs : DEFAULT_CONNECT_TIMEOUT_MS;
    this.respOpt = o.pingrespTimeoutMs;
    this.handler = o.onEvent;
    // Called inside push(): no user code runs here, events are only queued.
    // Views: every chunk the HAL hands over is a new array it never writes again (SocketHandlers.onData), so a
    // payload that lies whole in one chunk is delivered as a view of it, with no copy.
    this.decoder = new MqttDecoder(
      sizes.mqttRxBuffer,
      function (event) {
        self.onPacket(event);
      },
      true,
    );
    // One set of handlers for every socket: the HAL calls none of them after close(), and finish() closes the
    // socket before another opens, so whatever they hear belongs to the current connection.
    this.handlers = {
      onConnect: function () {
        self.depth++;
        if (self.st === 'CONNECTING') {
          const outcome = self.write(self.tx.subarray(0, encodeConnect(self.tx, self.creds as Credentials) as number));
          if (outcome === BLOCKED) self.finish('WRITE_FAILED', 'the socket refused CONNECT (busy on a new connection)');
          if (outcome === WRITTEN) self.enter('CONNACK_WAIT', 'CONNECT written');
        }
        self.leave();
      },
      // Fed in slices, delivering events after each, until the bytes end or the connection does.
      onData: function (bytes: Uint8Array) {
        const generation = self.gen;
        for (let pos = 0; pos < bytes.length && generation === self.gen; pos += SLICE_BYTES) {
          self.depth++;
          self.decoder.push(bytes, pos, Math.min(SLICE_BYTES, bytes.length - pos));
          self.leave();
        }
      },
      onDrain: function () {
        self.depth++;
        self.blocked = 0;
        self.pump();
        self.leave();
      },
      onClose: function (error: HalError | null) {
        self.depth++;
        const detail = error === null ? 'closed by the peer' : error.code + ': ' + error.message;
        if (self.st === 'CONNECTING') self.finish('CONNECT_FAILED', 'could not connect: ' + detail, error);
        else self.finish('PEER_CLOSED', (self.st === 'CONNACK_WAIT' ? 'closed before CONNACK: ' : '') + detail, error);
        self.leave();
      },
    };
    // The one timer: the connect deadline before CONNECTED, keep-alive's idle check or PINGRESP deadline after.
    // The HAL calls it once, at least `ms` after arm(), and never once cleared: arm() clears before it re-arms.
    this.onTimer = function () {
      if (!self.armed) return;
      self.armed = 0;
      self.depth++;
      if (self.st !== 'CONNECTED') {
        const connecting = self.st === 'CONNECTING';
        self.finish(connecting ? 'CONNECT_TIMEOUT' : 'CONNACK_TIMEOUT',
          'no ' + (connecting ? 'the connection' : 'CONNACK') + ' within ' + self.connMs + ' ms');
      } else if (self.pingWait) {
        self.finish('PING_TIMEOUT', 'no PINGRESP within ' + self.respMs + ' ms of PINGREQ: the link is dead');
      } else {
        const wait = self.pingMs - elapsedMs(self.sentAt, hal.clock.now());
        if (wait > 0) self.arm(wait);
        else {
          // PINGREQ now, or owed while blocked; either way its PINGRESP deadline starts now.
          const outcome = self.blocked ? BLOCKED : self.write(self.tx.subarray(0, encodePingreq(self.tx) as number));
          if (outcome !== FAILED) {
            if (outcome === BLOCKED) self.pingOwed = 1;
            self.pingWait = 1;
            self.arm(self.respMs);
          }
        }
      }
      self.leave();
    };
  }

  // ------------------------------------------------------------------------------------------
  // Public API

  /**
   * The receive buffer while no connection uses it (IDLE), for a registration session over MQTT to borrow: the
   * board then holds one receive buffer for both, not two (the next connect() starts the decoder afresh).
   */
  idleReceiveBuffer(): Uint8Array | null {
    return this.st === 'IDLE' ? this.decoder.buffer() : null;
  }

  state(): ClientState {
    return this.st;
  }

  stats(): ClientStats {
    return {
      state: this.st,
      inflight: this.window.length,
      queued: this.queue.length,
      subscriptions: this.subs.length,
      pendingEvents: this.events.length,
      pendingEventsHigh: this.evHigh,
      owedAcks: this.owedAcks.length,
    };
  }

  /**
   * Opens a connection and sends CONNECT. null: under way — a 'connected' or a 'closed' event follows (exactly one
   * 'closed' ends every connection that connect() started). An error value: nothing was started (NOT_IDLE, or the
   * CONNECT does not encode / fit the transmit buffer). `timeoutMs`, when given, is the deadline for the socket and
   * the CONNACK from now on (the link passes its resolved connectTimeoutMs).
   */
  connect(credentials: Credentials, timeoutMs?: number): ClientError | null {
    if (this.st !== 'IDLE') return { code: 'NOT_IDLE', message: 'connect() while ' + this.st + ': disconnect() first' };
    if (timeoutMs !== undefined) this.connMs = timeoutMs;
    // Credentials carry CONNECT's fields (clientId, username, password, keepalive, clean) under the codec's names.
    const length = encodeConnect(this.tx, credentials);
    if (typeof length !== 'number') return length;
    const c = credentials;
    this.depth++;
    this.creds = c;
    const generation = ++this.gen;
    this.decoder.reset();
    // Everything but the password, which is masked.
    if (ALIOT_LOG_DEBUG) {
      this.hal.log.write('debug', TAG, 'connect ' + c.host + ':' + c.port + (c.tls ? ' tls' : ' tcp') + ' clientId=' + c.clientId +
        ' username=' + c.username + ' password=' + maskSecret(c.password) + ' keepalive=' + c.keepalive + ' clean=' + c.clean);
    }
    this.enter('CONNECTING', c.host + ':' + c.port);
    this.arm(this.connMs);
    const socket = this.hal.net.open({ host: c.host, port: c.port, tls: c.tls, ca: c.ca, servername: c.servername }, this.handlers);
    // A binding that reports a failure from inside open() has already ended this connection.
    if (generation === this.gen) this.socket = socket;
    else socket.close();
    this.leave();
    return null;
  }

  /** Sends DISCONNECT (when connected) and closes; a 'closed' event with reason DISCONNECTED follows. */
  disconnect(): void {
    if (this.st === 'IDLE') return;
    this.depth++;
    // Best effort, if the socket can take it now: the connection closes right after.
    if (this.st === 'CONNECTED' && this.socket !== null && !this.blocked) {
      this.socket.write(this.tx.subarray(0, encodeDisconnect(this.tx) as number));
    }
    this.finish('DISCONNECTED', 'disconnect() was called');
    this.leave();
  }

  /**
   * Publishes now when the link is up and nothing waits before it, otherwise queues (offline queue, drop policy).
   * Returns the publish's ref (named again by 'published', 'acked' and 'dropped' events), or why it was refused:
   * an invalid topic or QoS, or a packet that does not fit the transmit buffer (BUFFER_TOO_SMALL).
   */
  publish(topic: string, payload: Uint8Array | string, options?: PublishOptions): number | ClientError {
    const qos = options !== undefined && options.qos !== undefined ? options.qos : 0;
    const bytes = typeof payload === 'string' ? utf8Bytes(payload) : payload;
    if (bytes === null) return { code: 'INVALID_STRING', message: 'payload holds a lone UTF-16 surrogate: no UTF-8 form' };
    const length = encodePublish(this.tx, {
      topic: topic,
      payload: bytes,
      qos: qos,
      retain: options !== undefined && options.retain === true,
      dup: false,
      packetId: qos === 1 ? 1 : undefined,
    });
    if (typeof length !== 'number') return length;
    this.depth++;
    const ref = this.lastRef = this.lastRef >= MAX_REF ? 1 : this.lastRef + 1;
    const now = this.st === 'CONNECTED' && !this.blocked && this.queue.length === 0 && (qos === 0 || this.window.length < this.winSize);
    if (now && qos === 0) {
      // Straight from tx, no copy; a copy is queued only if the socket did not take it (write() and the close
      // it may cause leave tx alone).
      if (this.write(this.tx.subarray(0, length)) === WRITTEN) this.emit({ type: 'published', ref: ref, id: 0, topic: topic, qos: 0, dup: false }, 0);
      else this.enqueue({ ref: ref, topic: topic, bytes: this.tx.slice(0, length), id: 0, sent: NEVER }, true);
    } else {
      const entry: Outgoing = { ref: ref, topic: topic, bytes: this.tx.slice(0, length), id: 0, sent: NEVER };
      if (now) this.send(entry);
      else {
        this.enqueue(entry, false);
        this.pump();
      }
    }
    this.leave();
    return ref;
  }

  /**
   * Subscribes to a topic filter (now when connected, else at the next connection) and remembers it for restoring;
   * a 'subscribed' event reports the SUBACK. Subscribing to a held filter again re-sends it with the new QoS.
   */
  subscribe(topic: string, qos?: 0 | 1): ClientError | null {
    const q = qos === undefined ? 0 : qos;
    const length = encodeSubscribe(this.tx, { packetId: 1, subscriptions: [{ topic: topic, qos: q }] });
    if (typeof length !== 'number') return length;
    let i = 0;
    while (i < this.subs.length && this.subs[i].topic !== topic) i++;
    if (i < this.subs.length) {
      const held = this.subs[i];
      held.qos = q;
      held.state = TO_SUBSCRIBE;
      held.id = 0;
    } else if (this.subs.length >= MAX_SUBSCRIPTIONS) {
      return { code: 'TOO_MANY_SUBSCRIPTIONS', message: 'the client holds its maximum of subscriptions: unsubscribe one first' };
    } else this.subs.push({ topic: topic, qos: q, state: TO_SUBSCRIBE, id: 0, known: false });
    this.depth++;
    this.pump();
    this.leave();
    return null;
  }

  /** Unsubscribes (an 'unsubscribed' event follows) and forgets the filter. */
  unsubscribe(topic: string): ClientError | null {
    let i = 0;
    while (i < this.subs.length && this.subs[i].topic !== topic) i++;
    if (i === this.subs.length) return { code: 'NOT_SUBSCRIBED', message: 'not subscribed to "' + topic + '"' };
    const entry = this.subs[i];
    this.depth++;
    if (entry.known || entry.state === SUBSCRIBING) {
      // The broker may hold it: an UNSUBSCRIBE goes out.
      entry.state = TO_UNSUBSCRIBE;
      entry.id = 0;
    } else {
      this.subs.splice(i, 1);
      this.emit({ type: 'unsubscribed', topic: topic }, 0);
    }
    this.pump();
    this.leave();
    return null;
  }

  // ------------------------------------------------------------------------------------------
  // Incoming packets (called by the decoder, inside push(): no user code runs here, events are only queued)

  private onPacket(event: DecoderEvent): void {
    if (event.type === 'error') return this.violated(event.code, event.message);
    if (event.type === 'connack') {
      if (this.st !== 'CONNACK_WAIT') return this.violated('UNEXPECTED_PACKET', 'a second CONNACK');
      if (event.returnCode !== 0) {
        const refusal = connackRefusal(event.returnCode);
        return this.finish('REFUSED', refusal.message, undefined, refusal);
      }
      return this.accepted(event.sessionPresent);
    }
    if (this.st !== 'CONNECTED') return this.violated('UNEXPECTED_PACKET', event.type + ' before CONNACK');
    // An ack for a packet id nothing awaits is ignored, with a warning and an 'error' event.
    let unknown = '';
    if (event.type === 'publish') {
      if (event.qos === 2) return this.violated('QOS2_PUBLISH', 'QoS 2 PUBLISH on ' + event.topic + ': this client subscribes at QoS 0/1 only');
      this.emit({ type: 'message', topic: event.topic, payload: event.payload, qos: event.qos, retain: event.retain, dup: event.dup },
        event.qos === 1 ? event.packetId : 0);
    } else if (event.type === 'puback') {
      // Frees the publish's window slot.
      let i = 0;
      while (i < this.window.length && this.window[i].id !== event.packetId) i++;
      if (i < this.window.length) {
        const entry = this.window.splice(i, 1)[0];
        this.emit({ type: 'acked', ref: entry.ref, id: entry.id, topic: entry.topic }, 0);
        this.pump();
      } else unknown = 'PUBACK';
    } else if (event.type === 'suback' || event.type === 'unsuback') {
      const suback = event.type === 'suback';
      const awaited = suback ? SUBSCRIBING : UNSUBSCRIBING;
      let i = 0;
      while (i < this.subs.length && (this.subs[i].id !== event.packetId || this.subs[i].state !== awaited)) i++;
      if (i === this.subs.length) unknown = suback ? 'SUBACK' : 'UNSUBACK';
      else {
        const entry = this.subs[i];
        const granted = event.type === 'suback' ? event.granted[0] : SUBACK_FAILURE;
        if (suback && granted !== SUBACK_FAILURE) {
          entry.state = ACTIVE;
          entry.known = true;
          entry.id = 0;
        } else this.subs.splice(i, 1);
        if (suback) this.emit({ type: 'subscribed', topic: entry.topic, ok: granted !== SUBACK_FAILURE, granted: granted }, 0);
        else this.emit({ type: 'unsubscribed', topic: entry.topic }, 0);
      }
    } else if (event.type === 'pingresp') {
      if (this.pingWait) {
        this.pingWait = 0;
        this.arm(Math.max(0, this.pingMs - elapsedMs(this.sentAt, this.hal.clock.now())));
      }
    } else {
      const isPublish = event.packetType === TYPE_PUBLISH;
      if (isPublish && event.qos === 2) return this.violated('QOS2_PUBLISH', 'oversize QoS 2 PUBLISH');
      // A QoS1 PUBLISH whose packet id fitted in the buffer is still acknowledged, so the broker does not resend it.
      const ackId = isPublish && event.qos === 1 ? event.packetId : 0;
      this.hal.log.write('warn', TAG, 'dropped a ' + event.size + '-byte packet (type ' + event.packetType + ') over mqttRxBuffer' +
        (event.topic !== undefined ? ' on ' + event.topic : ''));
      this.emit({ type: 'oversize', packetType: event.packetType, size: event.size, topic: event.topic, qos: event.qos, acked: ackId > 0 }, ackId);
    }
    if (unknown !== '') {
      const message = unknown + ' for packet id ' + (event as { packetId: number }).packetId + ', which is not awaiting one: ignored';
      this.hal.log.write('warn', TAG, message);
      this.emit({ type: 'error', code: 'UNKNOWN_PACKET_ID', message: message }, 0);
    }
  }

  /**
   * An accepting CONNACK. Session present: each unacknowledged publish goes again, with DUP when it went before.
   * No session: unacknowledged publishes are republished as new messages (DUP clear, same packet id, which the new
   * session does not know), so at-least-once delivery survives the loss; subscriptions are made again; pending
   * unsubscriptions are complete (the broker holds nothing).
   */
  private accepted(sessionPresent: boolean): void {
    const keepalive = (this.creds as Credentials).keepalive;
    if (sessionPresent && (this.creds as Credentials).clean) {
      return this.violated('SESSION_PRESENT_ON_CLEAN', 'CONNACK session present after a clean-session CONNECT [MQTT-3.2.2-1]');
    }
    this.enter('CONNECTED', sessionPresent ? 'session resumed' : 'new session');
    this.pingMs = Math.floor(keepalive * 1000 * PING_FRACTION);
    this.respMs = this.respOpt !== undefined ? this.respOpt : defaultPingrespTimeout(keepalive);
    // Ends the connect deadline; keep-alive 0 arms nothing.
    this.arm(keepalive > 0 ? Math.max(0, this.pingMs - elapsedMs(this.sentAt, this.hal.clock.now())) : -1);
    this.emit({ type: 'connected', sessionPresent: sessionPresent }, 0);
    const w = this.window;
    for (let i = 0; i < w.length; i++) {
      if (!sessionPresent) w[i].sent = NEVER;
      if (w[i].sent === NEVER) w[i].bytes[0] &= ~PUBLISH_FLAG_DUP & 0xff;
      else w[i].bytes[0] |= PUBLISH_FLAG_DUP;
    }
    for (let i = 0; !sessionPresent && i < this.subs.length; ) {
      const s = this.subs[i];
      if (s.state === TO_UNSUBSCRIBE || s.state === UNSUBSCRIBING) {
        this.subs.splice(i, 1);
        this.emit({ type: 'unsubscribed', topic: s.topic }, 0);
      } else {
        s.state = TO_SUBSCRIBE;
        s.id = 0;
        s.known = false;
        i++;
      }
    }
    this.pump();
  }

  private violated(code: string, message: string): void {
    this.hal.log.write('warn', TAG, 'protocol error ' + code + ': ' + message);
    this.finish('PROTOCOL_ERROR', code + ': ' + message + ': closing the connection', undefined, undefined, code);
  }

  // ------------------------------------------------------------------------------------------
  // Writing

  /** Writes bytes: WRITTEN; BLOCKED (back-pressure, wait for onDrain); FAILED (the connection is closed). */
  private write(bytes: Uint8Array): number {
    const error: HalError | null = this.socket === null ? { code: 'CLOSED', message: 'no socket' } : this.socket.write(bytes);
    if (error === null) {
      this.sentAt = this.hal.clock.now();
      return WRITTEN;
    }
    if (error.code === 'BUSY') {
      this.blocked = 1;
      return BLOCKED;
    }
    this.finish('WRITE_FAILED', 'the socket refused bytes: ' + error.code + ': ' + error.message, error);
    return FAILED;
  }

  /**
   * Writes a PUBLISH; a QoS1 entry first takes a window slot (the caller checked there is one) and a packet id.
   * A QoS1 entry stays in the window whatever happens; a QoS0 one not taken goes back to the queue's head.
   */
  private send(entry: Outgoing): boolean {
    const b = entry.bytes;
    if ((b[0] & QOS1_FLAG) !== 0 && entry.id === 0) {
      const id = this.lastId = nextPacketId(this.lastId, this.window, this.subs);
      // The packet id follows the remaining length (1..4 bytes, the last without bit 7) and the topic.
      let at = 1;
      while ((b[at++] & 0x80) !== 0);
      at += 2 + ((b[at] << 8) | b[at + 1]);
      b[at] = id >> 8;
      b[at + 1] = id & 0xff;
      entry.id = id;
      this.window.push(entry);
    }
    if (this.write(b) === WRITTEN) {
      entry.sent = HERE;
      this.emit({ type: 'published', ref: entry.ref, id: entry.id, topic: entry.topic, qos: (b[0] & QOS1_FLAG) !== 0 ? 1 : 0, dup: (b[0] & PUBLISH_FLAG_DUP) !== 0 }, 0);
      return true;
    }
    if ((b[0] & QOS1_FLAG) === 0) this.enqueue(entry, true);
    return false;
  }

  /**
   * Into the offline queue: at the tail, dropping the oldest when full ('queue-full'), or back at the head after a write
   * the socket refused (dropped, 'write-blocked', when there is no room).
   */
  private enqueue(entry: Outgoing, front: boolean): void {
    const q = this.queue;
    let lost: Outgoing | null = null;
    if (q.length < this.queueMax) {
      if (front) q.unshift(entry);
      else q.push(entry);
    } else if (front || this.queueMax === 0) lost = entry;
    else {
      lost = q.shift() as Outgoing;
      q.push(entry);
    }
    if (lost === null) return;
    const reason = front ? 'write-blocked' : 'queue-full';
    if (ALIOT_LOG_DEBUG) this.hal.log.write('debug', TAG, 'dropped publish #' + lost.ref + ' on ' + lost.topic + ': ' + reason);
    this.emit({ type: 'dropped', reason: reason, ref: lost.ref, topic: lost.topic, qos: (lost.bytes[0] & QOS1_FLAG) !== 0 ? 1 : 0 }, 0);
  }

  /** Writes what is owed and waiting, in order, until done, blocked, or the connection is gone. */
  private pump(): void {
    if (this.st !== 'CONNECTED' || this.blocked) return;
    const tx = this.tx;
    while (this.owedAcks.length > 0) {
      if (this.write(tx.subarray(0, encodePuback(tx, this.owedAcks[0]) as number)) !== WRITTEN) return;
      this.owedAcks.shift();
    }
    if (this.pingOwed) {
      if (this.write(tx.subarray(0, encodePingreq(tx) as number)) !== WRITTEN) return;
      this.pingOwed = 0;
    }
    for (let i = 0; i < this.subs.length; i++) {
      const s = this.subs[i];
      if (s.state !== TO_SUBSCRIBE && s.state !== TO_UNSUBSCRIBE) continue;
      const id = this.lastId = nextPacketId(this.lastId, this.window, this.subs);
      // subscribe() encoded the same filter into the same buffer, so this encodes.
      const length = s.state === TO_SUBSCRIBE
        ? encodeSubscribe(tx, { packetId: id, subscriptions: [{ topic: s.topic, qos: s.qos }] })
        : encodeUnsubscribe(tx, { packetId: id, topics: [s.topic] });
      if (this.write(tx.subarray(0, length as number)) !== WRITTEN) return;
      s.id = id;
      s.state = s.state === TO_SUBSCRIBE ? SUBSCRIBING : UNSUBSCRIBING;
    }
    for (let i = 0; i < this.window.length; i++) {
      if (this.window[i].sent !== HERE && !this.send(this.window[i])) return;
    }
    while (this.queue.length > 0) {
      if ((this.queue[0].bytes[0] & QOS1_FLAG) !== 0 && this.window.length >= this.winSize) return;
      if (!this.send(this.queue.shift() as Outgoing)) return;
    }
  }

  // ------------------------------------------------------------------------------------------
  // State, timer, events

  /**
   * Ends the connection (any state but IDLE) and reports it with one 'closed' event. What was written on the
   * socket counts as unwritten, owed packets are forgotten, requests awaiting an ack will be sent again.
   */
  private finish(reason: CloseReason, message: string, halError?: HalError | null, refusal?: ConnackRefusal, protocolError?: string): void {
    if (this.st === 'IDLE') return;
    this.gen++;
    this.arm(-1);
    this.pingWait = 0;
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) socket.close();
    this.blocked = 0;
    this.pingOwed = 0;
    this.owedAcks.splice(0);
    for (let i = 0; i < this.window.length; i++) if (this.window[i].sent === HERE) this.window[i].sent = BEFORE;
    for (let i = 0; i < this.subs.length; i++) {
      const s = this.subs[i];
      if (s.state === SUBSCRIBING) s.state = TO_SUBSCRIBE;
      else if (s.state === UNSUBSCRIBING) s.state = TO_UNSUBSCRIBE;
      s.id = 0;
    }
    // Messages still waiting for delivery came on this connection: no PUBACK goes for them on another.
    for (let i = 0; i < this.evAcks.length; i++) this.evAcks[i] = 0;
    this.decoder.reset();
    this.enter('IDLE', reason + ': ' + message);
    const event: ClosedEvent = { type: 'closed', reason: reason, message: message };
    if (halError !== undefined) event.halError = halError;
    if (refusal !== undefined) event.refusal = refusal;
    if (protocolError !== undefined) event.protocolError = protocolError;
    this.emit(event, 0);
  }

  private enter(to: ClientState, detail: string): void {
    if (ALIOT_LOG_DEBUG) this.hal.log.write('debug', TAG, this.st + ' -> ' + to + ': ' + detail);
    this.st = to;
  }

  /** (Re)arms the one timer for `ms` from now; a negative `ms` only clears it. */
  private arm(ms: number): void {
    if (this.armed) this.hal.clock.clearTimer(this.timer);
    this.armed = ms >= 0 ? 1 : 0;
    if (ms >= 0) this.timer = this.hal.clock.setTimer(ms, this.onTimer);
  }

  private emit(event: ClientEvent, ackId: number): void {
    this.events.push(event);
    this.evAcks.push(ackId);
    if (this.events.length > this.evHigh) this.evHigh = this.events.length;
  }

  /**
   * The end of a way into the client: the outermost one delivers the queued events, in order. An exception the
   * handler throws is logged and reported, never let through. After a QoS1 message's handler: its PUBACK, in
   * order behind any still owed (at most MAX_OWED_ACKS owed while the socket is blocked; one more closes the link).
   */
  private leave(): void {
    this.depth--;
    if (this.depth !== 0 || this.handing) return;
    this.handing = 1;
    while (this.events.length > 0) {
      const event = this.events.shift() as ClientEvent;
      const ackId = this.evAcks.shift() as number;
      const handler = this.handler;
      if (handler !== undefined) {
        try {
          handler(event);
        } catch (e) {
          const message = 'event handler threw on ' + event.type + ': ' +
            (e !== null && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e));
          this.hal.log.write('error', TAG, message);
          if (event.type !== 'error') this.emit({ type: 'error', code: 'HANDLER_THREW', message: message }, 0);
        }
      }
      if (ackId > 0 && this.st === 'CONNECTED') {
        this.depth++;
        const outcome = this.blocked || this.owedAcks.length > 0 ? BLOCKED : this.write(this.tx.subarray(0, encodePuback(this.tx, ackId) as number));
        if (outcome === BLOCKED) {
          if (this.owedAcks.length < MAX_OWED_ACKS) this.owedAcks.push(ackId);
          else this.finish('BACKPRESSURE', 'the socket stayed blocked with ' + MAX_OWED_ACKS + ' PUBACKs owed');
        }
        this.depth--;
      }
    }
    this.handing = 0;
  }
}
