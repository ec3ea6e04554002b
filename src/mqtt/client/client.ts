// The MQTT 3.1.1 client session: one connection at a time over a HAL socket, keep-alive, packet ids, a QoS1
// window with resend after reconnect, subscriptions restored when the broker lost our session, and a bounded
// offline queue. It never decides when to reconnect: the link state machine calls connect() after a 'closed'.
//
// Memory (all sized by the board, allocated once or bounded by construction):
// - receive buffer: mqttRxBuffer bytes (the decoder's, here);
// - transmit buffer, QoS1 window, offline queue, subscriptions, owed PUBACKs: see sender.ts;
// - event queue: see notifier.ts; one HAL timer at a time (the connect deadline, then keep-alive's).
//
// Incoming and outgoing are split: this file is the state machine (IDLE → CONNECTING → CONNACK_WAIT → CONNECTED →
// IDLE), the socket and timer callbacks and the packets the broker sends; sender.ts owns everything written.

import type { Hal, HalError, TimerId } from '../../../hal/types';
import { maskSecret } from '../../util/mask';
import {
  DecoderEvent,
  encodeConnect,
  EncodeError,
  encodePublish,
  encodeSubscribe,
  IncomingPublishPacket,
  MqttDecoder,
  OversizeEvent as DecoderOversize,
  TYPE_PUBLISH,
  utf8Bytes,
} from '../codec';
import { connackRefusal } from './connack';
import { defaultPingrespTimeout, Keepalive } from './keepalive';
import { Notification, Notifier, SLICE_BYTES } from './notifier';
import { BLOCKED, MAX_OWED_ACKS, Sender, WRITTEN } from './sender';
import { NOT_HELD, UNSUBSCRIBE_DONE } from './subscriptions';
import type {
  ClientError,
  ClientEvent,
  ClientOptions,
  ClientSizes,
  ClientState,
  ClientStats,
  ClosedEvent,
  CloseReason,
  Credentials,
  EventHandler,
  PublishOptions,
  SessionLossPolicy,
} from './types';
import '../../features';

const TAG = 'mqtt';
/** The CONNACK deadline when neither the client's options nor connect() name one (the link's documented 10 s). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10000;
export const DEFAULT_MAX_SUBSCRIPTIONS = 8;
const MAX_REF = 0x7fffffff;

function clientError(e: EncodeError): ClientError {
  return { code: e.code, message: e.message };
}

export class MqttClient {
  private readonly hal: Hal;
  private readonly decoder: MqttDecoder;
  private readonly sender: Sender;
  private readonly notifier: Notifier;
  private readonly keepalive: Keepalive;
  private readonly sessionLoss: SessionLossPolicy;
  private connectTimeoutMs: number;
  private readonly pingrespTimeoutMs: number | undefined;
  private st: ClientState = 'IDLE';
  private creds: Credentials | null = null;
  /** Bumped whenever a connection starts or ends: callbacks and acks of an older one are ignored. */
  private generation = 0;
  private deadline: TimerId = 0;
  private deadlineArmed = false;
  private lastRef = 0;

  constructor(hal: Hal, sizes: ClientSizes, options?: ClientOptions) {
    const o = options || {};
    this.hal = hal;
    this.decoder = new MqttDecoder(sizes.mqttRxBuffer, (event) => this.onPacket(event));
    this.sender = new Sender(
      sizes,
      o.dropPolicy === 'drop-newest' ? 'drop-newest' : 'drop-oldest',
      o.maxSubscriptions !== undefined ? o.maxSubscriptions : DEFAULT_MAX_SUBSCRIPTIONS,
      {
        isConnected: () => this.st === 'CONNECTED',
        emit: (event) => this.emit(event, 0),
        wrote: () => this.keepalive.noteSent(this.hal.clock.now()),
        writeFailed: (error) => this.finish('WRITE_FAILED', 'the socket refused bytes: ' + error.code + ': ' + error.message, { halError: error }),
        tooManyOwed: () => this.finish('BACKPRESSURE', 'the socket stayed blocked with ' + MAX_OWED_ACKS + ' PUBACKs owed', {}),
        log: (message) => this.hal.log.write('debug', TAG, message),
      },
    );
    this.notifier = new Notifier(o.onEvent, (n) => this.ackAfterDelivery(n), hal.log);
    this.keepalive = new Keepalive(
      hal.clock,
      () => this.guarded(() => this.pingDue()),
      () => this.guarded(() => this.pingTimedOut()),
    );
    this.sessionLoss = o.sessionLoss === 'drop' ? 'drop' : 'republish';
    this.connectTimeoutMs = o.connectTimeoutMs !== undefined ? o.connectTimeoutMs : DEFAULT_CONNECT_TIMEOUT_MS;
    this.pingrespTimeoutMs = o.pingrespTimeoutMs;
  }

  // ------------------------------------------------------------------------------------------
  // Public API

  setHandler(handler: EventHandler | undefined): void {
    this.notifier.setHandler(handler);
  }

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
      inflight: this.sender.window.size(),
      queued: this.sender.outbox.size(),
      subscriptions: this.sender.subs.size(),
      pendingEvents: this.notifier.pending(),
      pendingEventsHigh: this.notifier.highWater(),
      owedAcks: this.sender.owedAckCount(),
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
    if (timeoutMs !== undefined) this.connectTimeoutMs = timeoutMs;
    const length = this.encodeConnect(credentials);
    if (typeof length !== 'number') return clientError(length);
    this.notifier.enter();
    this.creds = credentials;
    const generation = ++this.generation;
    this.decoder.reset();
    if (ALIOT_LOG_DEBUG) this.hal.log.write('debug', TAG, 'connect ' + describeCredentials(credentials));
    this.transition('CONNECTING', credentials.host + ':' + credentials.port);
    this.armDeadline(generation);
    this.sender.attach(this.hal.net.open(
      { host: credentials.host, port: credentials.port, tls: credentials.tls, ca: credentials.ca, servername: credentials.servername },
      {
        onConnect: () => this.forConnection(generation, () => this.socketConnected()),
        onData: (bytes) => this.socketData(generation, bytes),
        onDrain: () => this.forConnection(generation, () => this.sender.drained()),
        onClose: (error) => this.forConnection(generation, () => this.socketClosed(error)),
      },
    ));
    this.notifier.leave();
    return null;
  }

  /** Sends DISCONNECT (when connected) and closes; a 'closed' event with reason DISCONNECTED follows. */
  disconnect(): void {
    if (this.st === 'IDLE') return;
    this.notifier.enter();
    if (this.st === 'CONNECTED') this.sender.writeDisconnect();
    this.finish('DISCONNECTED', 'disconnect() was called', {});
    this.notifier.leave();
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
    const length = encodePublish(this.sender.tx, {
      topic: topic,
      payload: bytes,
      qos: qos,
      retain: options !== undefined && options.retain === true,
      dup: false,
      packetId: qos === 1 ? 1 : undefined,
    });
    if (typeof length !== 'number') return clientError(length);
    this.notifier.enter();
    const ref = this.lastRef = this.lastRef >= MAX_REF ? 1 : this.lastRef + 1;
    this.sender.publish(ref, topic, qos, length, bytes.length);
    this.notifier.leave();
    return ref;
  }

  /**
   * Subscribes to a topic filter (now when connected, else at the next connection) and remembers it for restoring;
   * a 'subscribed' event reports the SUBACK. Subscribing to a held filter again re-sends it with the new QoS.
   */
  subscribe(topic: string, qos?: 0 | 1): ClientError | null {
    const q = qos === undefined ? 0 : qos;
    const length = encodeSubscribe(this.sender.tx, { packetId: 1, subscriptions: [{ topic: topic, qos: q }] });
    if (typeof length !== 'number') return clientError(length);
    if (!this.sender.subs.subscribe(topic, q)) {
      return { code: 'TOO_MANY_SUBSCRIPTIONS', message: 'the client holds its maximum of subscriptions: unsubscribe one first' };
    }
    this.guarded(() => this.sender.pump());
    return null;
  }

  /** Unsubscribes (an 'unsubscribed' event follows) and forgets the filter. */
  unsubscribe(topic: string): ClientError | null {
    const outcome = this.sender.subs.unsubscribe(topic);
    if (outcome === NOT_HELD) return { code: 'NOT_SUBSCRIBED', message: 'not subscribed to "' + topic + '"' };
    this.guarded(() => {
      if (outcome === UNSUBSCRIBE_DONE) this.emit({ type: 'unsubscribed', topic: topic }, 0);
      this.sender.pump();
    });
    return null;
  }

  // ------------------------------------------------------------------------------------------
  // Socket and timer callbacks (each checks that it belongs to the current connection)

  private forConnection(generation: number, fn: () => void): void {
    if (generation === this.generation) this.guarded(fn);
  }

  private guarded(fn: () => void): void {
    this.notifier.enter();
    fn();
    this.notifier.leave();
  }

  private socketConnected(): void {
    if (this.st !== 'CONNECTING' || this.creds === null) return;
    const outcome = this.sender.writeTx(this.encodeConnect(this.creds) as number);
    if (outcome === BLOCKED) this.finish('WRITE_FAILED', 'the socket refused CONNECT (busy on a new connection)', {});
    if (outcome === WRITTEN) this.transition('CONNACK_WAIT', 'CONNECT written');
  }

  /** Feeds the decoder in slices, delivering events after each, until the bytes end or the connection does. */
  private socketData(generation: number, bytes: Uint8Array): void {
    let pos = 0;
    while (pos < bytes.length && generation === this.generation) {
      const n = Math.min(SLICE_BYTES, bytes.length - pos);
      this.notifier.enter();
      this.decoder.push(bytes, pos, n);
      this.notifier.leave();
      pos += n;
    }
  }

  private socketClosed(error: HalError | null): void {
    const detail = error === null ? 'closed by the peer' : error.code + ': ' + error.message;
    if (this.st === 'CONNECTING') this.finish('CONNECT_FAILED', 'could not connect: ' + detail, { halError: error });
    else if (this.st === 'CONNACK_WAIT') this.finish('PEER_CLOSED', 'closed before CONNACK: ' + detail, { halError: error });
    else this.finish('PEER_CLOSED', detail, { halError: error });
  }

  private armDeadline(generation: number): void {
    this.deadlineArmed = true;
    this.deadline = this.hal.clock.setTimer(this.connectTimeoutMs, () => {
      if (generation !== this.generation || !this.deadlineArmed) return;
      this.deadlineArmed = false;
      this.guarded(() => {
        const connecting = this.st === 'CONNECTING';
        const waited = connecting ? 'the connection' : 'CONNACK';
        this.finish(connecting ? 'CONNECT_TIMEOUT' : 'CONNACK_TIMEOUT', 'no ' + waited + ' within ' + this.connectTimeoutMs + ' ms', {});
      });
    });
  }

  private clearDeadline(): void {
    if (this.deadlineArmed) this.hal.clock.clearTimer(this.deadline);
    this.deadlineArmed = false;
  }

  private pingDue(): void {
    if (this.st === 'CONNECTED' && this.sender.ping()) this.keepalive.pingSent();
  }

  private pingTimedOut(): void {
    this.finish('PING_TIMEOUT', 'no PINGRESP within ' + this.pingrespTimeout() + ' ms of PINGREQ: the link is dead', {});
  }

  private pingrespTimeout(): number {
    if (this.pingrespTimeoutMs !== undefined) return this.pingrespTimeoutMs;
    return defaultPingrespTimeout(this.creds !== null ? this.creds.keepalive : 0);
  }

  // ------------------------------------------------------------------------------------------
  // Incoming packets (called by the decoder, inside push(): no user code runs here, events are only queued)

  private onPacket(event: DecoderEvent): void {
    if (event.type === 'error') return this.protocolFailure(event.code, event.message);
    if (event.type === 'connack') {
      if (this.st !== 'CONNACK_WAIT') return this.protocolFailure('UNEXPECTED_PACKET', 'a second CONNACK');
      if (event.returnCode !== 0) {
        const refusal = connackRefusal(event.returnCode);
        return this.finish('REFUSED', refusal.message, { refusal: refusal });
      }
      return this.connected(event.sessionPresent);
    }
    if (this.st !== 'CONNECTED') return this.protocolFailure('UNEXPECTED_PACKET', event.type + ' before CONNACK');
    if (event.type === 'publish') this.onPublish(event);
    else if (event.type === 'puback') this.known(this.sender.pubackReceived(event.packetId), 'PUBACK', event.packetId);
    else if (event.type === 'suback') this.known(this.sender.subackReceived(event.packetId, event.granted[0]), 'SUBACK', event.packetId);
    else if (event.type === 'unsuback') this.known(this.sender.unsubackReceived(event.packetId), 'UNSUBACK', event.packetId);
    else if (event.type === 'pingresp') this.keepalive.pingresp();
    else this.onOversize(event);
  }

  private connected(sessionPresent: boolean): void {
    const creds = this.creds as Credentials;
    if (sessionPresent && creds.clean) {
      return this.protocolFailure('SESSION_PRESENT_ON_CLEAN', 'CONNACK session present after a clean-session CONNECT [MQTT-3.2.2-1]');
    }
    this.clearDeadline();
    this.transition('CONNECTED', sessionPresent ? 'session resumed' : 'new session');
    this.keepalive.start(creds.keepalive, this.pingrespTimeout());
    this.emit({ type: 'connected', sessionPresent: sessionPresent }, 0);
    if (sessionPresent) this.sender.sessionResumed();
    else this.sender.sessionLost(this.sessionLoss === 'drop');
    this.sender.pump();
  }

  private onPublish(p: IncomingPublishPacket): void {
    if (p.qos === 2) return this.protocolFailure('QOS2_PUBLISH', 'QoS 2 PUBLISH on ' + p.topic + ': this client subscribes at QoS 0/1 only');
    this.emit({ type: 'message', topic: p.topic, payload: p.payload, qos: p.qos, retain: p.retain, dup: p.dup }, p.qos === 1 ? p.packetId : 0);
  }

  private onOversize(o: DecoderOversize): void {
    const isPublish = o.packetType === TYPE_PUBLISH;
    if (isPublish && o.qos === 2) return this.protocolFailure('QOS2_PUBLISH', 'oversize QoS 2 PUBLISH');
    const ackId = isPublish && o.qos === 1 ? o.packetId : 0;
    this.hal.log.write('warn', TAG, 'dropped a ' + o.size + '-byte packet (type ' + o.packetType + ') over mqttRxBuffer' +
      (o.topic !== undefined ? ' on ' + o.topic : ''));
    this.emit({ type: 'oversize', packetType: o.packetType, size: o.size, topic: o.topic, qos: o.qos, acked: ackId > 0 }, ackId);
  }

  /** An ack for a packet id nothing awaits is ignored, with a warning and an 'error' event. */
  private known(awaited: boolean, what: string, id: number): void {
    if (awaited) return;
    const message = what + ' for packet id ' + id + ', which is not awaiting one: ignored';
    this.hal.log.write('warn', TAG, message);
    this.emit({ type: 'error', code: 'UNKNOWN_PACKET_ID', message: message }, 0);
  }

  private protocolFailure(code: string, message: string): void {
    this.hal.log.write('warn', TAG, 'protocol error ' + code + ': ' + message);
    this.finish('PROTOCOL_ERROR', code + ': ' + message + ': closing the connection', { protocolError: code });
  }

  /** After a QoS1 message's handler returned: PUBACK, on the connection it came from. */
  private ackAfterDelivery(n: Notification): void {
    if (n.generation === this.generation && this.st === 'CONNECTED') this.sender.ack(n.ackId);
  }

  private encodeConnect(c: Credentials): number | EncodeError {
    return encodeConnect(this.sender.tx, {
      clientId: c.clientId,
      username: c.username,
      password: c.password,
      keepalive: c.keepalive,
      clean: c.clean,
    });
  }

  // ------------------------------------------------------------------------------------------
  // State

  /** Ends the connection (any state but IDLE) and reports it with one 'closed' event. */
  private finish(reason: CloseReason, message: string, extra: ClosedDetails): void {
    if (this.st === 'IDLE') return;
    this.generation++;
    this.clearDeadline();
    this.keepalive.stop();
    this.sender.closeSocket();
    this.decoder.reset();
    this.transition('IDLE', reason + ': ' + message);
    const event: ClosedEvent = { type: 'closed', reason: reason, message: message };
    if (extra.halError !== undefined) event.halError = extra.halError;
    if (extra.refusal !== undefined) event.refusal = extra.refusal;
    if (extra.protocolError !== undefined) event.protocolError = extra.protocolError;
    this.emit(event, 0);
  }

  private transition(to: ClientState, detail: string): void {
    if (ALIOT_LOG_DEBUG) this.hal.log.write('debug', TAG, this.st + ' -> ' + to + ': ' + detail);
    this.st = to;
  }

  private emit(event: ClientEvent, ackId: number): void {
    this.notifier.push(event, ackId, this.generation);
  }
}

type ClosedDetails = Pick<ClosedEvent, 'halError' | 'refusal' | 'protocolError'>;

/** For the log: everything but the password, which is masked. */
function describeCredentials(c: Credentials): string {
  return c.host + ':' + c.port + (c.tls ? ' tls' : ' tcp') + ' clientId=' + c.clientId + ' username=' + c.username +
    ' password=' + maskSecret(c.password) + ' keepalive=' + c.keepalive + ' clean=' + c.clean;
}
