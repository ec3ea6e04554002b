// Dynamic registration over MQTT (protocol.md §2), authType register or regnwl:
//   open TLS → CONNECT (securemode 2/-2 credentials from src/auth) → CONNACK 0 → the server PUBLISHes the result
//   on /ext/register or /ext/regnwl (the device never SUBSCRIBEs) → the caller gets the result and persists it
//   → PUBACK (QoS 1 only) + DISCONNECT → close.
// One attempt, a 15 s deadline (the server drops the connection after 15 s), never a reconnect.
// Buffers: one transmit buffer of mqttTxBuffer bytes and the decoder's mqttRxBuffer, each allocated once.

import type { HttpLimits } from '../http/types';
import type { BoardSizes, Hal, HalError, Socket } from '../../hal/types';
import { dynregMqttCredentials, type DynregMqttOptions } from '../auth/dynreg-mqtt';
import { encodeConnect, encodeDisconnect, encodePuback, MqttDecoder, type DecoderEvent } from '../mqtt/codec';
import { maskSecret } from '../util/mask';
import { startFailed, type ProvisionAttempt, type ProvisionStart } from './attempt';
import { configError, provisionError, type ProvisionError } from './errors';
import { connackError, readRegistrationPayload, replyTopic, type DynregMqttResult, type DynregMqttValue } from './dynreg-mqtt-reply';
import '../features';

export const DYNREG_MQTT_LOG_TAG = 'dynreg-mqtt';

/** The server drops a registration connection after 15 s (protocol.md §2). */
export const DYNREG_MQTT_TIMEOUT_MS = 15000;

/** borrowRx: a receive buffer to borrow (the idle MQTT client's) instead of allocating mqttRxBuffer bytes. */
export type DynregMqttSizes = Pick<BoardSizes, 'mqttRxBuffer' | 'mqttTxBuffer'> & Pick<HttpLimits, 'borrowRx'>;

export interface DynregMqttRunOptions extends DynregMqttOptions {
  /** Trusted roots, PEM; absent: the board's default trust. */
  ca?: string[];
  servername?: string;
  /** Default DYNREG_MQTT_TIMEOUT_MS. */
  timeoutMs?: number;
}

interface Target {
  host: string;
  port: number;
  ca?: string[];
  servername?: string;
  timeoutMs: number;
  authType: 'register' | 'regnwl';
  productKey: string;
  deviceName: string;
}

class MqttRegistration implements ProvisionAttempt {
  private readonly decoder: MqttDecoder;
  private socket: Socket | null = null;
  private timer = -1;
  private connected = false;
  private connacked = false;
  private finished = false;
  private connectLength: number;
  /** Set by the decoder's sink; acted on after push() returns. */
  private outcome: DynregMqttResult | null = null;
  private pubackId = 0;

  constructor(
    private readonly hal: Hal,
    private readonly tx: Uint8Array,
    connectLength: number,
    rxBuffer: Uint8Array | number,
    private readonly target: Target,
    private readonly done: (result: DynregMqttResult) => void,
  ) {
    const self = this;
    this.connectLength = connectLength;
    this.decoder = new MqttDecoder(rxBuffer, function (event: DecoderEvent) {
      self.onPacket(event);
    });
  }

  start(): void {
    const self = this;
    const t = this.target;
    if (ALIOT_LOG_INFO) this.hal.log.write('info', DYNREG_MQTT_LOG_TAG, "CONNECT host: '" + t.host + "', port: " + t.port + ' (authType=' + t.authType + ')');
    this.timer = this.hal.clock.setTimer(t.timeoutMs, function () {
      self.timer = -1;
      self.fail(provisionError('TIMEOUT', true, 'no registration result within ' + t.timeoutMs + ' ms: try again later'));
    });
    this.socket = this.hal.net.open(
      { host: t.host, port: t.port, tls: true, ca: t.ca, servername: t.servername },
      {
        onConnect: function () {
          self.connected = true;
          self.sendConnect();
        },
        onData: function (bytes: Uint8Array) {
          self.onData(bytes);
        },
        onDrain: function () {
          self.sendConnect();
        },
        onClose: function (error: HalError | null) {
          self.onClose(error);
        },
      },
    );
  }

  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.release(false);
  }

  private sendConnect(): void {
    if (this.finished || this.connectLength === 0 || this.socket === null) return;
    const error = this.socket.write(this.tx.subarray(0, this.connectLength));
    if (error === null) this.connectLength = 0;
    else if (error.code !== 'BUSY') this.fail(this.networkError(error.code, 'sending CONNECT failed: ' + error.message));
  }

  private onData(bytes: Uint8Array): void {
    if (this.finished) return;
    this.decoder.push(bytes);
    const outcome = this.outcome;
    if (outcome === null) return;
    if (outcome.ok) this.succeed(outcome.value);
    else this.fail(outcome.error);
  }

  /** The decoder's sink: only records what the packet means (the first outcome wins). */
  private onPacket(event: DecoderEvent): void {
    if (this.outcome !== null) return;
    const t = this.target;
    if (event.type === 'connack') {
      if (this.connacked) this.outcome = this.protocolError('a second CONNACK');
      else if (event.returnCode !== 0) this.outcome = { ok: false, error: connackError(event.returnCode) };
      else {
        this.connacked = true;
        if (ALIOT_LOG_INFO) this.hal.log.write('info', DYNREG_MQTT_LOG_TAG, 'CONNACK 0: waiting for ' + replyTopic(t.authType));
      }
    } else if (event.type === 'publish') {
      if (!this.connacked) this.outcome = this.protocolError('PUBLISH before CONNACK');
      else if (ALIOT_LOG_DEBUG && event.topic !== replyTopic(t.authType)) this.hal.log.write('debug', DYNREG_MQTT_LOG_TAG, 'ignored a publish on ' + event.topic);
      else {
        if (event.qos === 1) this.pubackId = event.packetId;
        this.outcome = readRegistrationPayload(event.payload, t.authType, t.productKey, t.deviceName);
      }
    } else if (event.type === 'oversize' && event.packetType === 3 && (event.topic === undefined || event.topic === replyTopic(t.authType))) {
      this.outcome = { ok: false, error: provisionError('BAD_RESPONSE', true, 'the registration reply of ' + event.size + ' bytes exceeds mqttRxBuffer: raise it') };
    } else if (event.type === 'error') this.outcome = this.protocolError(event.message);
  }

  private protocolError(what: string): DynregMqttResult {
    return { ok: false, error: provisionError('BAD_RESPONSE', true, 'the MQTT server broke the protocol: ' + what) };
  }

  private networkError(code: HalError['code'] | undefined, message: string): ProvisionError {
    const e = provisionError('NETWORK', true, message);
    if (code !== undefined) e.halCode = code;
    return e;
  }

  private onClose(error: HalError | null): void {
    this.socket = null;
    if (this.finished) return;
    if (!this.connected) {
      this.fail(this.networkError(error === null ? undefined : error.code, 'connecting failed: ' + (error === null ? 'closed' : error.message)));
    } else if (error === null || error.code === 'PEER_CLOSE_NOTIFY') {
      this.fail(provisionError('CLOSED_EARLY', true, 'the server closed the connection before sending the registration result: try again'));
    } else this.fail(this.networkError(error.code, 'the connection broke: ' + error.message));
  }

  /**
   * The session ends (PUBACK/DISCONNECT, socket closed) before the caller gets the result: the caller persists it
   * and connects at once, and a board with one TLS socket can open the next only once this one is closed.
   */
  private succeed(value: DynregMqttValue): void {
    this.finished = true;
    const what = value.kind === 'deviceSecret' ? 'DeviceSecret ' + maskSecret(value.deviceSecret) : 'deviceToken ' + maskSecret(value.deviceToken);
    if (ALIOT_LOG_INFO) this.hal.log.write('info', DYNREG_MQTT_LOG_TAG, 'registered (' + this.target.authType + '): ' + what);
    this.release(true);
    this.done({ ok: true, value: value });
  }

  private fail(error: ProvisionError): void {
    if (this.finished) return;
    this.finished = true;
    this.release(this.connacked);
    this.hal.log.write('warn', DYNREG_MQTT_LOG_TAG, 'registration failed: ' + error.code + ': ' + error.message);
    this.done({ ok: false, error: error });
  }

  /** Cancels the deadline; says goodbye (PUBACK if owed, DISCONNECT) when the session was accepted; closes. */
  private release(goodbye: boolean): void {
    if (this.timer !== -1) this.hal.clock.clearTimer(this.timer);
    this.timer = -1;
    const socket = this.socket;
    this.socket = null;
    if (socket === null) return;
    if (goodbye) {
      let n = this.pubackId > 0 ? (encodePuback(this.tx, this.pubackId) as number) : 0;
      n += encodeDisconnect(this.tx.subarray(n)) as number;
      socket.write(this.tx.subarray(0, n));
    }
    socket.close();
  }
}

/** PUBACK (4 bytes) and DISCONNECT (2 bytes). */
const REGISTRATION_GOODBYE_BYTES = 6;

/**
 * Starts one registration over MQTT. INVALID_CONFIG is returned (nothing opened) when the credentials cannot be
 * made or CONNECT does not fit mqttTxBuffer; otherwise `done` fires exactly once unless the attempt is aborted.
 */
export function startDynregMqtt(
  hal: Hal,
  sizes: DynregMqttSizes,
  options: DynregMqttRunOptions,
  done: (result: DynregMqttResult) => void,
): ProvisionStart {
  const creds = dynregMqttCredentials(hal, options);
  if (!creds.ok) return startFailed(configError(creds.error));
  const c = creds.value;
  const full = new Uint8Array(sizes.mqttTxBuffer);
  const length = encodeConnect(full, { clientId: c.clientId, username: c.username, password: c.password, keepalive: c.keepalive, clean: true });
  if (typeof length !== 'number') {
    return startFailed(provisionError('INVALID_CONFIG', false, 'CONNECT cannot be built: ' + length.message + ' (raise mqttTxBuffer if it is too small)'));
  }
  // The session only ever sends CONNECT, then PUBACK + DISCONNECT (6 bytes): it keeps no more than that.
  const tx = new Uint8Array(length > REGISTRATION_GOODBYE_BYTES ? length : REGISTRATION_GOODBYE_BYTES);
  tx.set(full.subarray(0, length));
  const borrowed = sizes.borrowRx ? sizes.borrowRx() : null;
  const session = new MqttRegistration(hal, tx, length, borrowed !== null ? borrowed : sizes.mqttRxBuffer, {
    host: c.host,
    port: c.port,
    ca: options.ca,
    servername: options.servername,
    timeoutMs: options.timeoutMs === undefined ? DYNREG_MQTT_TIMEOUT_MS : options.timeoutMs,
    authType: c.authType,
    productKey: options.productKey,
    deviceName: options.deviceName,
  }, done);
  session.start();
  return { ok: true, attempt: session };
}
