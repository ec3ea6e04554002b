import type { BoardDescriptor, Hal, TimerId } from '../../hal/types';
import { deviceSecretCredentials } from '../auth/mqtt-credentials';
import { authError, authFail, type AuthResult } from '../auth/errors';
import { FIXED_TIMESTAMP, type MqttCredentials } from '../auth/types';
import { MqttClient } from '../mqtt/client/client';
import type { ClientError, ClientEvent, PublishOptions } from '../mqtt/client/types';
import type { ProvisionAttempt } from '../provision/attempt';
import { connwlCredentials } from '../provision/connwl';
import type { ProvisionError } from '../provision/errors';
import { guiderMqttCredentials, startHttpsAuth, type HttpsAuthResult } from '../provision/guider';
import type { IotToken } from '../provision/iot-token';
import { createRegistrar, type Registrar, type RegistrationStart } from '../provision/registrar';
import { createCredentialStore, type CredentialStore } from '../provision/store/credential-store';
import { secretOf, type StoredCredential, type StoredDeviceSecret, type StoredDeviceToken } from '../provision/store/credential';
import { deriveDeviceName } from '../provision/store/device-name';
import { maskSecret } from '../util/mask';
import { elapsedMs } from '../util/time';
import { backoffDelay } from './backoff';
import { resolveConfig, type LinkConfig, type ResolvedConfig } from './config';
import { TokenCache } from './token-cache';
import type { LinkError, LinkEvent, LinkEventType, LinkState, LinkStats } from './types';
import '../features';

// The dynreg-then-MQTT state machine (DESIGN.md "the flow of one boot"):
//   BOOT → LOAD → (REGISTER → PERSIST →) CONNECT → ONLINE ⇄ BACKOFF, or HALTED with a reason a person can act on.
// Rules it enforces:
// - a registered credential is used only after it was stored and read back (persist-verify-then-connect);
// - it never registers while a credential is stored (and reads twice before concluding nothing is);
// - 6289 with nothing stored halts with the remedy and never retries;
// - CONNACK 4/5 for a stored credential is reported as rejected, with a long backoff, never a re-registration;
// - backoff is exponential with full jitter from the HAL's RNG, reset only after a connection that lasted;
// - one TLS connection at a time: registration and HTTPS authentication close their socket before MQTT opens.
// The configuration is checked once, in boot() (resolveConfig); the later steps rely on it being valid.
//
// Every step runs through run(): events raised while the machine works are queued and delivered once the outermost
// step is done, so a listener that calls back into the link (publish, stop) never runs in the middle of a
// transition. A listener that throws is logged and does not stop the others.

/** The credential the link connects with, and where it came from (for logs and the rejection rule). */
export type ActiveCredential =
  | { kind: 'deviceSecret'; deviceSecret: string; origin: 'configured' | 'stored' }
  | { kind: 'deviceToken'; clientId: string; deviceToken: string; origin: 'stored' };

export interface DeviceIdentity {
  productKey: string;
  deviceName: string;
}

export type Listener = (event: LinkEvent) => void;

type RegistrationResult = { ok: true; value: StoredDeviceSecret | StoredDeviceToken } | { ok: false; error: ProvisionError };

const TAG = 'link';
const MAX_ATTEMPTS = 62;
const MAX_QUEUED = 64;

export class LinkMachine {
  private current: LinkState = 'BOOT';
  private config: ResolvedConfig | null = null;
  private id: DeviceIdentity | null = null;
  /** The credential store: made when a step needs it, dropped once online. */
  private store: CredentialStore | null = null;
  private tokens: TokenCache | null = null;
  /** Registration state: made when registering, dropped once online (a later registration makes a new one). */
  private registrar: Registrar | null = null;
  private readonly client: MqttClient;
  private active: ActiveCredential | null = null;
  private auth: ProvisionAttempt | null = null;
  private timer: TimerId | null = null;
  private attempts = 0;
  private connectedAt = 0;
  /** Connections in a row that dropped within flapWindowMs of coming up. */
  private flaps = 0;
  private warnedTls = false;
  private lastErr: LinkError | null = null;
  private readonly listeners: { [type: string]: Listener[] } = {};
  private readonly queue: LinkEvent[] = [];
  private depth = 0;

  constructor(
    private readonly hal: Hal,
    private readonly board: BoardDescriptor,
    private readonly input: LinkConfig,
  ) {
    // Made now, so publish() and subscribe() work before start(): they queue until the session is up.
    const self = this;
    this.client = new MqttClient(hal, board.sizes, {
      onEvent: function (e: ClientEvent) {
        self.run(self.onClient, e);
      },
    });
  }

  state(): LinkState {
    return this.current;
  }

  identity(): DeviceIdentity | null {
    return this.id;
  }

  lastError(): LinkError | null {
    return this.lastErr;
  }

  publish(topic: string, payload: Uint8Array | string, options?: PublishOptions): number | ClientError {
    return this.client.publish(topic, payload, options);
  }

  subscribe(topic: string, qos?: 0 | 1): ClientError | null {
    return this.client.subscribe(topic, qos);
  }

  unsubscribe(topic: string): ClientError | null {
    return this.client.unsubscribe(topic);
  }

  on(type: LinkEventType, listener: Listener): void {
    (this.listeners[type] || (this.listeners[type] = [])).push(listener);
  }

  off(type: LinkEventType, listener: Listener): void {
    const list = this.listeners[type];
    const at = list ? list.indexOf(listener) : -1;
    if (at >= 0) list!.splice(at, 1);
  }

  stats(): LinkStats {
    return {
      state: this.current,
      attempts: this.attempts,
      flapStreak: this.flaps,
      timerPending: this.timer !== null,
      pendingEvents: this.queue.length,
      client: this.client.stats(),
    };
  }

  start(): void {
    if (this.current === 'BOOT' || this.current === 'HALTED') this.run(this.boot);
  }

  stop(): void {
    this.run(this.quiesce, 'BOOT');
  }

  // --------------------------------------------------------------------------------------------- steps, events

  /** Runs `work` (a method, with `arg`) as one step; queued events are delivered when the outermost step ends. */
  private run(work: ((arg?: any) => void) | null, arg?: unknown): void {
    this.depth++;
    try {
      if (work !== null) work.call(this, arg);
    } catch (e) {
      // A defect, not a condition: reported, and kept from escaping into the HAL that called us.
      this.hal.log.write('error', TAG, 'internal error: ' + String(e));
    }
    this.depth--;
    while (this.depth === 0 && this.queue.length > 0) {
      const event = this.queue.shift()!;
      const list = this.listeners[event.type];
      const copy = list ? list.slice(0) : [];
      for (let i = 0; i < copy.length; i++) {
        try {
          copy[i]!(event);
        } catch (e) {
          this.hal.log.write('error', TAG, 'a ' + event.type + ' listener threw: ' + String(e));
        }
      }
    }
  }

  private emit(event: LinkEvent): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.hal.log.write('warn', TAG, 'event queue full: dropped a ' + this.queue[0]!.type + ' event');
      this.queue.shift();
    }
    this.queue.push(event);
    if (this.depth === 0) this.run(null);
  }

  // --------------------------------------------------------------------------------------------- BOOT, LOAD

  private boot(): void {
    this.enter('BOOT');
    const hal = this.hal;
    const identity = this.board.identity;
    const resolved = resolveConfig(this.input, identity.source);
    if (!resolved.ok) return this.report({ code: 'CONFIG', field: resolved.error.field, message: 'invalid configuration: ' + resolved.error.message });
    const config = resolved.value;
    this.config = config;
    // The DeviceName: configured, or derived from the board's identity in the board's (or the asked-for) format.
    const from = config.deviceNameFrom;
    const name =
      from === 'config'
        ? { ok: true as const, value: config.deviceName! }
        : deriveDeviceName(hal.identity, from === identity.source ? identity.deviceNameFormat : from === 'mac' ? 'mac-upper' : 'serial');
    if (!name.ok) return this.report({ code: 'IDENTITY', message: 'no DeviceName: ' + name.message });
    this.id = { productKey: config.productKey, deviceName: name.value };
    if (ALIOT_AUTH_HTTPS) this.tokens = new TokenCache(hal);
    this.flaps = 0;
    if (!this.warnedTls && !hal.caps.tlsVerifiesPeer) {
      hal.log.write(
        'warn',
        TAG,
        "this board's TLS does not verify the server certificate: a network attacker could pose as the cloud and learn the DeviceSecret during registration (see README, Security)",
      );
    }
    this.warnedTls = true;
    // Authentication never needs the wall clock (the signatures carry the fixed timestamp). TLS certificate checks
    // do, on boards that verify with their own clock: there the configured floor stands in until SNTP.
    const clock = hal.clock;
    const wall = clock.wallTime();
    const floor = config.timeFloorMs;
    if (ALIOT_LOG_INFO && wall === undefined) hal.log.write('info', TAG, 'wall clock not set: authentication uses the fixed timestamp ' + FIXED_TIMESTAMP);
    if (floor !== undefined && (wall === undefined || wall < floor) && clock.ensureWallTimeAtLeast) {
      clock.ensureWallTimeAtLeast(floor);
      if (ALIOT_LOG_INFO) hal.log.write('info', TAG, 'wall clock moved to the time floor ' + floor + ' for TLS certificate checks');
    }
    this.load();
  }

  private load(): void {
    this.enter('LOAD');
    const config = this.config!;
    if (config.deviceSecret !== undefined && !config.dynamicRegistration) {
      this.active = { kind: 'deviceSecret', deviceSecret: config.deviceSecret, origin: 'configured' };
      return this.connect();
    }
    const store = this.store || (this.store = createCredentialStore(this.hal, 'cred'));
    let loaded = store.load();
    // A read fault looks like an absent key: never conclude "nothing stored" from one read.
    if (loaded.status === 'EMPTY') loaded = store.load();
    if (loaded.status === 'OK') return this.useStored(loaded.credential);
    if (loaded.status === 'CORRUPT' && !loaded.interruptedWrite) {
      return this.report({
        code: 'STORE_CORRUPT',
        message:
          'the stored credential is unreadable (' + loaded.message + '); not registering again, which could be refused with 6289. ' +
          'Restore the DeviceSecret into flash, or reset the device in the console (ResetThing) and erase the credential',
      });
    }
    if (config.deviceSecret !== undefined) {
      this.active = { kind: 'deviceSecret', deviceSecret: config.deviceSecret, origin: 'configured' };
      return this.connect();
    }
    if (!config.dynamicRegistration) return this.report({ code: 'NO_SECRET', message: 'no DeviceSecret is stored and dynamic registration is off' });
    if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'DeviceSecret KV not exist, Now We Need Dynamic Register...');
    this.register();
  }

  private useStored(credential: StoredCredential): void {
    const id = this.id!;
    if (credential.productKey !== id.productKey || credential.deviceName !== id.deviceName) {
      return this.report({
        code: 'STORED_FOR_OTHER_DEVICE',
        message:
          'the stored credential is for ' + credential.productKey + '.' + credential.deviceName + ', not ' + id.productKey + '.' + id.deviceName +
          ': fix the configuration, or erase the stored credential if this board really changed identity',
      });
    }
    if (credential.kind === 'deviceSecret') this.active = { kind: 'deviceSecret', deviceSecret: credential.deviceSecret, origin: 'stored' };
    else if (credential.kind === 'deviceToken') this.active = { kind: 'deviceToken', clientId: credential.clientId, deviceToken: credential.deviceToken, origin: 'stored' };
    else return this.report({ code: 'STORE_CORRUPT', message: 'the credential store holds an iotToken where a DeviceSecret belongs' });
    if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'Get ' + this.active.kind + ' from KV succeed');
    this.connect();
  }

  // --------------------------------------------------------------------------------------------- REGISTER, PERSIST

  /** Starts the configured registration (HTTPS, MQTT register or MQTT regnwl) through the single-flight registrar. */
  private register(): void {
    this.enter('REGISTER');
    const self = this;
    const config = this.config!;
    const id = this.id!;
    const sizes = this.board.sizes;
    const client = this.client;
    // The outcome is taken on a fresh turn of the event loop, not from inside the exchange's callback: the
    // exchange's socket, parser and reply are then garbage before the store writes and the MQTT TLS socket is
    // made. On a 4,000-JsVar Espruino the two together do not fit.
    const done = function (result: RegistrationResult) {
      if (self.timer !== null) self.hal.clock.clearTimer(self.timer);
      self.timer = self.hal.clock.setTimer(0, function () {
        self.timer = null;
        self.registrar = null;
        self.run(self.registered, result);
      });
    };
    const registrar =
      this.registrar ||
      (this.registrar = createRegistrar(this.hal, {
        httpBodyCap: sizes.httpBodyCap,
        httpHeaderCap: sizes.httpHeaderCap,
        mqttRxBuffer: sizes.mqttRxBuffer,
        mqttTxBuffer: sizes.mqttTxBuffer,
        borrowRx: function () {
          return client.idleReceiveBuffer();
        },
      }));
    let started: RegistrationStart;
    if (config.registration === 'https') {
      started = registrar.registerHttps(
        {
          productKey: id.productKey,
          deviceName: id.deviceName,
          productSecret: config.productSecret!,
          signMethod: config.signMethod,
          endpoint: { region: config.region, host: config.authHost, port: config.authPort },
          ca: config.ca,
          timeoutMs: config.registrationTimeoutMs,
        },
        done,
      );
    } else {
      started = registrar.registerMqtt(
        {
          productKey: id.productKey,
          deviceName: id.deviceName,
          productSecret: config.productSecret!,
          authType: config.registration === 'mqtt-regnwl' ? 'regnwl' : 'register',
          signMethod: config.signMethod,
          instanceId: config.instanceId,
          extensions: config.extensions,
          endpoint: config.endpoint,
          keepalive: config.keepalive,
          ca: config.ca,
          timeoutMs: config.registrationTimeoutMs,
        },
        done,
      );
    }
    if (!started.ok) this.registered(started);
  }

  /**
   * A registration's outcome. A failure halts (ALREADY_ACTIVE, or refused for good) or retries after a backoff. A
   * credential is stored and read back (PERSIST) before it is used.
   */
  private registered(result: RegistrationResult): void {
    if (this.current !== 'REGISTER') return;
    if (!result.ok) {
      const error = result.error;
      if (error.code === 'ALREADY_ACTIVE') return this.report({ code: 'ALREADY_ACTIVE', message: error.message, cloudCode: error.cloudCode });
      if (!error.retryable && error.code !== 'BUSY') {
        return this.report({ code: 'REGISTRATION_REJECTED', message: 'registration refused: ' + error.message, cloudCode: error.cloudCode, field: error.field });
      }
      this.report({ code: 'REGISTRATION_FAILED', message: 'registration failed, will retry: ' + error.message, cloudCode: error.cloudCode }, true);
      return this.backoff(error.retryAfterMs);
    }
    const credential = result.value;
    this.enter('PERSIST');
    const store = this.store!;
    const saved = store.save(credential);
    const back = saved.ok ? store.load() : null;
    const same =
      back !== null &&
      back.status === 'OK' &&
      back.credential.kind === credential.kind &&
      back.credential.productKey === credential.productKey &&
      back.credential.deviceName === credential.deviceName &&
      secretOf(back.credential) === secretOf(credential);
    if (!same) {
      const why = !saved.ok ? saved.error.message : 'the stored credential did not read back as written';
      // Not yet activated: the cloud accepts a new registration later, so the unstored secret is dropped, never used.
      this.report({ code: 'PERSIST_FAILED', message: 'could not store the registered credential (' + why + '); it was not used' }, true);
      return this.backoff();
    }
    if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'secret stored and verified: ' + maskSecret(secretOf(credential)));
    if (back !== null && back.status === 'OK') this.useStored(back.credential);
  }

  // --------------------------------------------------------------------------------------------- CONNECT, ONLINE

  /**
   * From the credential held to the MQTT CONNECT fields: a DeviceSecret signed directly (securemode 2 TLS / 3 TCP),
   * the deviceToken of a registration-free device (connwl, securemode -2), or, in authMode https, the iotToken of
   * HTTPS authentication (securemode -1 TLS / 0 TCP), kept until it expires or is refused. Called again with
   * `auth`, the outcome of HTTPS authentication.
   */
  private connect(auth?: HttpsAuthResult): void {
    this.enter('CONNECT');
    const config = this.config!;
    const id = this.id!;
    const active = this.active!;
    let creds: AuthResult<MqttCredentials>;
    if (ALIOT_AUTH_HTTPS && config.authMode === 'https' && active.kind === 'deviceSecret') {
      const cached = auth === undefined ? this.tokens!.usable(id.deviceName) : null;
      if (auth !== undefined && !auth.ok) {
        const e = auth.error;
        this.report({ code: 'AUTH_FAILED', message: 'HTTPS authentication failed: ' + e.message, cloudCode: e.cloudCode }, true);
        return e.retryable ? this.backoff(e.retryAfterMs) : this.backoff(config.rejectedBackoffMs, true);
      }
      const token: IotToken | null = auth !== undefined && auth.ok ? auth.value : cached;
      if (token !== null) {
        if (token !== cached) this.tokens!.keep(token);
        const login = guiderMqttCredentials(token, { tls: config.tls, extensions: config.extensions, keepalive: config.keepalive });
        if (login.ok) return this.openMqtt(login.value);
        if (token !== cached) return this.report({ code: 'CONFIG', field: login.error.field, message: 'cannot build the token login: ' + login.error.message });
        // A cached token that does not make a login is dropped, and the device authenticates again.
        this.tokens!.drop();
      }
      const self = this;
      const started = startHttpsAuth(
        this.hal,
        this.board.sizes,
        {
          productKey: id.productKey,
          deviceName: id.deviceName,
          deviceSecret: active.deviceSecret,
          signMethod: config.signMethod === 'hmacmd5' ? 'hmacsha256' : config.signMethod,
          endpoint: { region: config.region, host: config.authHost, port: config.authPort },
          tls: config.tls,
          ca: config.ca,
          timeoutMs: config.registrationTimeoutMs,
        },
        function (result: HttpsAuthResult) {
          self.auth = null;
          if (self.current === 'CONNECT') self.run(self.connect, result);
        },
      );
      if (started.ok) this.auth = started.attempt;
      else this.report({ code: 'CONFIG', field: started.error.field, message: 'cannot sign HTTPS authentication: ' + started.error.message });
      return;
    }
    if (active.kind === 'deviceToken') {
      creds = ALIOT_REGISTER_NWL
        ? connwlCredentials(
            { productKey: id.productKey, deviceName: id.deviceName, clientId: active.clientId, deviceToken: active.deviceToken },
            { endpoint: config.endpoint, keepalive: config.keepalive },
          )
        : authFail(authError('UNSUPPORTED_VALUE', 'deviceToken', 'a deviceToken login (connwl) is not built into this image'));
    } else {
      creds = deviceSecretCredentials(this.hal, {
        productKey: id.productKey,
        deviceName: id.deviceName,
        deviceSecret: active.deviceSecret,
        secureMode: config.tls ? 2 : 3,
        signMethod: config.signMethod,
        timestamp: FIXED_TIMESTAMP,
        extensions: config.extensions,
        endpoint: config.endpoint,
        keepalive: config.keepalive,
      });
    }
    if (!creds.ok) return this.report({ code: 'CONFIG', field: creds.error.field, message: 'cannot sign the MQTT login: ' + creds.error.message });
    this.openMqtt(creds.value);
  }

  private openMqtt(creds: MqttCredentials): void {
    const config = this.config!;
    if (ALIOT_LOG_INFO) {
      // The SDK's device-info block (guider_print_dev_guider_info), so a log reads like the Link Kit SDK's. Nothing secret is in it.
      const id = this.id!;
      const mode = creds.secureMode;
      const modes: { [mode: string]: string } = {
        '2': '2 (TLS + Direct)',
        '3': '3 (TCP + Direct + Plain)',
        '0': '0 (TCP + Guider + Plain)',
        '-1': '-1 (TLS + Guider)',
        '-2': '-2 (TLS + Token login)',
      };
      const at = creds.clientId.indexOf('timestamp=');
      let end = at < 0 ? 0 : at + 10;
      while (at >= 0 && end < creds.clientId.length && creds.clientId.charCodeAt(end) >= 48 && creds.clientId.charCodeAt(end) <= 57) end++;
      const lines = [
        '-----------------------------------------',
        '        ProductKey : ' + id.productKey,
        '        DeviceName : ' + id.deviceName,
        '          DeviceID : ' + id.productKey + '.' + id.deviceName,
        '     PartnerID Buf : ' + (config.partnerId !== undefined ? ',partner_id=' + config.partnerId : ''),
        '      ModuleID Buf : ' + (config.moduleId !== undefined ? ',module_id=' + config.moduleId : ''),
        '        Guider URL : ' + (config.authMode === 'https' ? 'https://' + (config.authHost || 'iot-auth.' + config.region + '.aliyuncs.com') + '/auth/devicename' : ''),
        '    Guider SecMode : ' + (modes[String(mode)] || String(mode)),
        '  Guider Timestamp : ' + (at < 0 ? '' : creds.clientId.substring(at + 10, end)),
        '       MQTT Server : ' + creds.host + ':' + creds.port,
        '-----------------------------------------',
      ];
      for (let i = 0; i < lines.length; i++) this.hal.log.write('info', TAG, lines[i]!);
    }
    const refused = this.client.connect(
      {
        host: creds.host,
        port: creds.port,
        tls: creds.tls,
        ca: config.ca,
        clientId: creds.clientId,
        username: creds.username,
        password: creds.password,
        keepalive: creds.keepalive,
        clean: config.cleanSession,
      },
      config.connectTimeoutMs,
    );
    if (refused !== null) {
      this.report({ code: 'CONNECT_FAILED', message: 'MQTT connect not started: ' + refused.message }, true);
      this.backoff();
    }
  }

  private onClient(e: ClientEvent): void {
    const config = this.config!;
    const id = this.id!;
    const now = this.hal.clock.now();
    if (e.type === 'message') {
      this.emit({ type: 'message', topic: e.topic, payload: e.payload, qos: e.qos, retain: e.retain });
    } else if (e.type === 'dropped') {
      this.emit({ type: 'dropped', reason: e.reason, topic: e.topic });
    } else if (e.type === 'oversize') {
      this.hal.log.write('warn', TAG, 'dropped a ' + e.size + '-byte packet larger than the receive buffer' + (e.topic ? ' on ' + e.topic : ''));
    } else if (e.type === 'connected' && this.current === 'CONNECT') {
      this.connectedAt = now;
      // Registration state is not kept once online: a later registration (after a wipe) makes a new registrar and store.
      this.registrar = null;
      this.store = null;
      this.enter('ONLINE');
      if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'mqtt connect success');
      this.emit({ type: 'online', sessionPresent: e.sessionPresent });
    } else if (e.type === 'closed' && this.current === 'ONLINE') {
      const upMs = elapsedMs(this.connectedAt, now);
      if (upMs >= config.backoff.stableMs) this.attempts = 0;
      this.emit({ type: 'offline', reason: e.reason, message: e.message, upMs: upMs });
      // Drops right after coming up, several in a row, are the signature of another device logging in with the same
      // identity (the cloud keeps the newest login and kicks the other), reported once per streak.
      this.flaps = upMs >= config.flapWindowMs ? 0 : this.flaps + 1;
      if (this.flaps === config.flapLimit) {
        this.report(
          {
            code: 'KICKED',
            message:
              'the connection dropped ' + config.flapLimit + ' times within ' + config.flapWindowMs +
              ' ms of coming up: another device may be logging in as ' + id.productKey + '.' + id.deviceName,
          },
          true,
        );
      }
      this.backoff();
    } else if (e.type === 'closed' && this.current === 'CONNECT') {
      const code = e.refusal ? e.refusal.returnCode : undefined;
      if (ALIOT_AUTH_HTTPS && (code === 3 || code === 4 || code === 5) && this.tokens!.held() && config.authMode === 'https') {
        this.tokens!.drop();
        this.report({ code: 'CONNECT_FAILED', message: 'the cloud refused the iotToken (CONNACK ' + code + '): authenticating again', cloudCode: code }, true);
        return this.backoff();
      }
      if (code === 4 || code === 5) {
        // CONNACK 4/5 for a credential the device holds: never a silent re-registration.
        const active = this.active!;
        this.report(
          {
            code: 'CREDENTIALS_REJECTED',
            cloudCode: code,
            message:
              'credentials rejected: the cloud refused the ' + active.origin + ' ' + (active.kind === 'deviceToken' ? 'deviceToken' : 'DeviceSecret') +
              ' of ' + id.productKey + '.' + id.deviceName + ' (CONNACK ' + code + '). Likely causes: the device was reset or deleted in the console ' +
              "(ResetThing) and its secret re-issued, the ProductKey or DeviceName is not this device's, or the product changed. The link keeps " +
              'the secret and retries after a long backoff; it does not register again on its own.',
          },
          true,
        );
        return this.backoff(config.rejectedBackoffMs, true);
      }
      this.report({ code: 'CONNECT_FAILED', message: 'MQTT connection failed: ' + e.message, cloudCode: code }, true);
      this.backoff();
    }
  }

  // --------------------------------------------------------------------------------------------- BACKOFF, HALTED

  /** Waits, then tries again: with explicitMs as given (exact), or at least explicitMs, else exponential backoff with full jitter. */
  private backoff(explicitMs?: number, exact?: boolean): void {
    const jittered = backoffDelay(this.config!.backoff, this.attempts, this.hal.random.bytes(4));
    const delay = explicitMs === undefined ? jittered : exact ? explicitMs : explicitMs > jittered ? explicitMs : jittered;
    if (this.attempts < MAX_ATTEMPTS) this.attempts++;
    this.enter('BACKOFF');
    if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'next attempt in ' + delay + ' ms');
    const self = this;
    if (this.timer !== null) this.hal.clock.clearTimer(this.timer);
    this.timer = this.hal.clock.setTimer(delay, function () {
      self.timer = null;
      // With a credential in hand only the login is retried; without one, the store is read again.
      if (self.current === 'BACKOFF') self.run(self.active !== null ? self.connect : self.load);
    });
  }

  /** Records and tells the error; unless `retrying`, the link halts first (HALTED). */
  private report(error: LinkError, retrying?: boolean): void {
    if (!retrying) this.quiesce('HALTED');
    this.lastErr = error;
    this.hal.log.write(retrying ? 'warn' : 'error', TAG, error.code + ': ' + error.message);
    this.emit({ type: 'error', error: error, retrying: retrying === true });
  }

  /** Stops everything in flight (timers, registration, authentication, the MQTT connection), then enters `to`. */
  private quiesce(to: LinkState): void {
    if (this.timer !== null) {
      this.hal.clock.clearTimer(this.timer);
      this.timer = null;
    }
    if (this.registrar !== null) this.registrar.abort();
    if (this.auth !== null) {
      this.auth.abort();
      this.auth = null;
    }
    if (this.client.state() !== 'IDLE') this.client.disconnect();
    this.active = null;
    this.enter(to);
  }

  private enter(to: LinkState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    if (ALIOT_LOG_DEBUG) this.hal.log.write('debug', TAG, 'state ' + from + ' -> ' + to);
    this.emit({ type: 'state', from: from, to: to });
  }
}

export type { LinkEvent };
