import type { BoardDescriptor, Hal, TimerId } from '../../hal/types';
import type { MqttCredentials } from '../auth/types';
import { MqttClient } from '../mqtt/client/client';
import type { ClientError, ClientEvent, ClosedEvent, PublishOptions } from '../mqtt/client/types';
import type { ProvisionAttempt } from '../provision/attempt';
import type { ProvisionError } from '../provision/errors';
import { startHttpsAuth, type HttpsAuthResult } from '../provision/guider';
import { createRegistrar, type Registrar } from '../provision/registrar';
import { createCredentialStore, type CredentialStore } from '../provision/store/credential-store';
import { secretOf, type StoredCredential } from '../provision/store/credential';
import { maskSecret } from '../util/mask';
import { elapsedMs } from '../util/time';
import { attemptsAfterConnection, backoffDelay, random32From } from './backoff';
import { applyTimeFloor, resolveDeviceName, warnUnverifiedTls } from './boot';
import { resolveConfig, type LinkConfig, type ResolvedConfig } from './config';
import { directCredentials, tokenCredentials, type ActiveCredential, type DeviceIdentity } from './credentials';
import { logDeviceInfo } from './device-info';
import { createEmitter, type Emitter, type Listener } from './emitter';
import { createFlapDetector, type FlapDetector } from './flap';
import { registrationFailure, rejectedCredentialError } from './messages';
import { registrationOptions, type RegistrationDone } from './registration';
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

const TAG = 'link';
const MAX_ATTEMPTS = 62;

export class LinkMachine {
  private current: LinkState = 'BOOT';
  private config: ResolvedConfig | null = null;
  private id: DeviceIdentity | null = null;
  private store: CredentialStore | null = null;
  private tokens: TokenCache | null = null;
  private registrar: Registrar | null = null;
  private readonly client: MqttClient;
  private active: ActiveCredential | null = null;
  private auth: ProvisionAttempt | null = null;
  private timer: TimerId | null = null;
  private attempts = 0;
  private connectedAt = 0;
  private flaps: FlapDetector | null = null;
  private warnedTls = false;
  private lastErr: LinkError | null = null;
  readonly events: Emitter;

  constructor(
    private readonly hal: Hal,
    private readonly board: BoardDescriptor,
    private readonly input: LinkConfig,
  ) {
    this.events = createEmitter(hal.log);
    // Made now, so publish() and subscribe() work before start(): they queue until the session is up.
    const self = this;
    this.client = new MqttClient(hal, board.sizes, {
      onEvent: function (e: ClientEvent) {
        self.events.run(function () {
          self.onClient(e);
        });
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

  mqtt(): MqttClient {
    return this.client;
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
    this.events.on(type, listener);
  }

  off(type: LinkEventType, listener: Listener): void {
    this.events.off(type, listener);
  }

  stats(): LinkStats {
    return {
      state: this.current,
      attempts: this.attempts,
      flapStreak: this.flaps === null ? 0 : this.flaps.streak(),
      timerPending: this.timer !== null,
      pendingEvents: this.events.pending(),
      client: this.client.stats(),
    };
  }

  start(): void {
    if (this.current !== 'BOOT' && this.current !== 'HALTED') return;
    const self = this;
    this.events.run(function () {
      self.boot();
    });
  }

  stop(): void {
    const self = this;
    this.events.run(function () {
      self.quiesce();
      self.enter('BOOT');
    });
  }

  // --------------------------------------------------------------------------------------------- BOOT, LOAD

  private boot(): void {
    this.enter('BOOT');
    const resolved = resolveConfig(this.input, this.board.identity.source);
    if (!resolved.ok) return this.halt({ code: 'CONFIG', field: resolved.error.field, message: 'invalid configuration: ' + resolved.error.message });
    const config = resolved.value;
    this.config = config;
    const name = resolveDeviceName(this.hal, this.board, config);
    if (!name.ok) return this.halt({ code: 'IDENTITY', message: 'no DeviceName: ' + name.message });
    this.id = { productKey: config.productKey, deviceName: name.value };
    this.store = createCredentialStore(this.hal, 'cred');
    if (ALIOT_AUTH_HTTPS) this.tokens = new TokenCache(this.hal);
    this.flaps = createFlapDetector(config.flapWindowMs, config.flapLimit);
    if (!this.warnedTls) warnUnverifiedTls(this.hal);
    this.warnedTls = true;
    applyTimeFloor(this.hal, config);
    this.load();
  }

  private load(): void {
    this.enter('LOAD');
    const config = this.config!;
    if (config.deviceSecret !== undefined && !config.dynamicRegistration) {
      this.active = { kind: 'deviceSecret', deviceSecret: config.deviceSecret, origin: 'configured' };
      return this.connect();
    }
    let loaded = this.store!.load();
    // A read fault looks like an absent key: never conclude "nothing stored" from one read.
    if (loaded.status === 'EMPTY') loaded = this.store!.load();
    if (loaded.status === 'OK') return this.useStored(loaded.credential);
    if (loaded.status === 'CORRUPT' && !loaded.interruptedWrite) {
      return this.halt({
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
    if (!config.dynamicRegistration) return this.halt({ code: 'NO_SECRET', message: 'no DeviceSecret is stored and dynamic registration is off' });
    if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'DeviceSecret KV not exist, Now We Need Dynamic Register...');
    this.register();
  }

  private useStored(credential: StoredCredential): void {
    const id = this.id!;
    if (credential.productKey !== id.productKey || credential.deviceName !== id.deviceName) {
      return this.halt({
        code: 'STORED_FOR_OTHER_DEVICE',
        message:
          'the stored credential is for ' + credential.productKey + '.' + credential.deviceName + ', not ' + id.productKey + '.' + id.deviceName +
          ': fix the configuration, or erase the stored credential if this board really changed identity',
      });
    }
    if (credential.kind === 'deviceSecret') this.active = { kind: 'deviceSecret', deviceSecret: credential.deviceSecret, origin: 'stored' };
    else if (credential.kind === 'deviceToken') this.active = { kind: 'deviceToken', clientId: credential.clientId, deviceToken: credential.deviceToken, origin: 'stored' };
    else return this.halt({ code: 'STORE_CORRUPT', message: 'the credential store holds an iotToken where a DeviceSecret belongs' });
    if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'Get ' + this.active.kind + ' from KV succeed');
    this.connect();
  }

  // --------------------------------------------------------------------------------------------- REGISTER, PERSIST

  private register(): void {
    this.enter('REGISTER');
    const self = this;
    const done: RegistrationDone = function (result) {
      self.events.run(function () {
        if (self.current !== 'REGISTER') return;
        if (result.ok) self.persist(result.value);
        else self.registrationFailed(result.error);
      });
    };
    if (this.registrar === null) {
      const client = this.client;
      this.registrar = createRegistrar(this.hal, {
        httpBodyCap: this.board.sizes.httpBodyCap,
        httpHeaderCap: this.board.sizes.httpHeaderCap,
        mqttRxBuffer: this.board.sizes.mqttRxBuffer,
        mqttTxBuffer: this.board.sizes.mqttTxBuffer,
        borrowRx: function () {
          return client.idleReceiveBuffer();
        },
      });
    }
    const started = registrationOptions(this.config!, this.id!, this.registrar, done);
    if (!started.ok) this.registrationFailed(started.error);
  }

  private registrationFailed(error: ProvisionError): void {
    const failure = registrationFailure(error);
    if (!failure.retrying) return this.halt(failure.error);
    this.report(failure.error, true);
    this.backoff(error.retryAfterMs);
  }

  private persist(credential: StoredCredential): void {
    this.enter('PERSIST');
    const saved = this.store!.save(credential);
    const back = saved.ok ? this.store!.load() : null;
    if (back === null || back.status !== 'OK' || !sameCredential(back.credential, credential)) {
      const why = !saved.ok ? saved.error.message : 'the stored credential did not read back as written';
      // Not yet activated: the cloud accepts a new registration later, so the unstored secret is dropped, never used.
      this.report({ code: 'PERSIST_FAILED', message: 'could not store the registered credential (' + why + '); it was not used' }, true);
      return this.backoff();
    }
    if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'secret stored and verified: ' + maskSecret(secretOf(credential)));
    this.useStored(back.credential);
  }

  // --------------------------------------------------------------------------------------------- CONNECT, ONLINE

  private connect(): void {
    this.enter('CONNECT');
    const config = this.config!;
    const active = this.active!;
    if (ALIOT_AUTH_HTTPS && config.authMode === 'https' && active.kind === 'deviceSecret') return this.connectViaToken(active.deviceSecret);
    const creds = directCredentials(this.hal, config, this.id!, active);
    if (!creds.ok) return this.halt({ code: 'CONFIG', field: creds.error.field, message: 'cannot sign the MQTT login: ' + creds.error.message });
    this.openMqtt(creds.value);
  }

  private connectViaToken(deviceSecret: string): void {
    if (ALIOT_AUTH_HTTPS) {
      const token = this.tokens!.usable(this.id!.deviceName);
      if (token !== null) {
        const creds = tokenCredentials(this.config!, token);
        if (creds.ok) return this.openMqtt(creds.value);
      }
      const config = this.config!;
      const self = this;
      const started = startHttpsAuth(
        this.hal,
        this.board.sizes,
        {
          productKey: this.id!.productKey,
          deviceName: this.id!.deviceName,
          deviceSecret: deviceSecret,
          signMethod: config.signMethod === 'hmacmd5' ? 'hmacsha256' : config.signMethod,
          endpoint: { region: config.region, host: config.authHost, port: config.authPort },
          tls: config.tls,
          ca: config.ca,
          timeoutMs: config.registrationTimeoutMs,
        },
        function (result: HttpsAuthResult) {
          self.events.run(function () {
            self.auth = null;
            if (self.current === 'CONNECT') self.authenticated(result);
          });
        },
      );
      if (started.ok) this.auth = started.attempt;
      else this.halt({ code: 'CONFIG', field: started.error.field, message: 'cannot sign HTTPS authentication: ' + started.error.message });
    }
  }

  private authenticated(result: HttpsAuthResult): void {
    if (ALIOT_AUTH_HTTPS) {
      if (!result.ok) {
        const e = result.error;
        this.report({ code: 'AUTH_FAILED', message: 'HTTPS authentication failed: ' + e.message, cloudCode: e.cloudCode }, true);
        return e.retryable ? this.backoff(e.retryAfterMs) : this.backoff(this.config!.rejectedBackoffMs, true);
      }
      this.tokens!.keep(result.value);
      const creds = tokenCredentials(this.config!, result.value);
      if (!creds.ok) return this.halt({ code: 'CONFIG', field: creds.error.field, message: 'cannot build the token login: ' + creds.error.message });
      this.openMqtt(creds.value);
    }
  }

  private openMqtt(creds: MqttCredentials): void {
    if (ALIOT_LOG_INFO) logDeviceInfo(this.hal.log, this.config!, this.id!, creds);
    const refused = this.client.connect({
      host: creds.host,
      port: creds.port,
      tls: creds.tls,
      ca: this.config!.ca.length > 0 ? this.config!.ca : undefined,
      clientId: creds.clientId,
      username: creds.username,
      password: creds.password,
      keepalive: creds.keepalive,
      clean: this.config!.cleanSession,
    }, this.config!.connectTimeoutMs);
    if (refused !== null) {
      this.report({ code: 'CONNECT_FAILED', message: 'MQTT connect not started: ' + refused.message }, true);
      this.backoff();
    }
  }

  private onClient(e: ClientEvent): void {
    if (e.type === 'connected') return this.online(e.sessionPresent);
    if (e.type === 'closed') return this.closed(e);
    if (e.type === 'message') {
      this.events.emit({ type: 'message', topic: e.topic, payload: e.payload, qos: e.qos, retain: e.retain });
    } else if (e.type === 'dropped') {
      this.events.emit({ type: 'dropped', reason: e.reason, topic: e.topic });
    } else if (e.type === 'oversize') {
      this.hal.log.write('warn', TAG, 'dropped a ' + e.size + '-byte packet larger than the receive buffer' + (e.topic ? ' on ' + e.topic : ''));
    }
  }

  private online(sessionPresent: boolean): void {
    if (this.current !== 'CONNECT') return;
    this.connectedAt = this.hal.clock.now();
    // Registration state is not kept once online: a later registration (after a wipe) makes a new registrar.
    this.registrar = null;
    this.enter('ONLINE');
    if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'mqtt connect success');
    this.events.emit({ type: 'online', sessionPresent: sessionPresent });
  }

  private closed(e: ClosedEvent): void {
    if (this.current === 'ONLINE') {
      const upMs = elapsedMs(this.connectedAt, this.hal.clock.now());
      this.attempts = attemptsAfterConnection(this.config!.backoff, this.attempts, upMs);
      this.events.emit({ type: 'offline', reason: e.reason, message: e.message, upMs: upMs });
      if (this.flaps!.record(upMs)) {
        this.report(
          {
            code: 'KICKED',
            message:
              'the connection dropped ' + this.config!.flapLimit + ' times within ' + this.config!.flapWindowMs +
              ' ms of coming up: another device may be logging in as ' + this.id!.productKey + '.' + this.id!.deviceName,
          },
          true,
        );
      }
      return this.backoff();
    }
    if (this.current !== 'CONNECT') return;
    const code = e.refusal ? e.refusal.returnCode : undefined;
    if (ALIOT_AUTH_HTTPS && (code === 3 || code === 4 || code === 5) && this.tokens!.held() && this.config!.authMode === 'https') {
      this.tokens!.drop();
      this.report({ code: 'CONNECT_FAILED', message: 'the cloud refused the iotToken (CONNACK ' + code + '): authenticating again', cloudCode: code }, true);
      return this.backoff();
    }
    if (code === 4 || code === 5) {
      this.report(rejectedCredentialError(this.active!, this.id!, e.refusal!), true);
      return this.backoff(this.config!.rejectedBackoffMs, true);
    }
    this.report({ code: 'CONNECT_FAILED', message: 'MQTT connection failed: ' + e.message, cloudCode: code }, true);
    this.backoff();
  }

  // --------------------------------------------------------------------------------------------- BACKOFF, HALTED

  /** Waits, then tries again: with explicitMs as given, else exponential backoff with full jitter. */
  private backoff(explicitMs?: number, exact?: boolean): void {
    const config = this.config!;
    const jittered = backoffDelay(config.backoff, this.attempts, random32From(this.hal.random.bytes(4)));
    const delay = explicitMs === undefined ? jittered : exact ? explicitMs : explicitMs > jittered ? explicitMs : jittered;
    if (this.attempts < MAX_ATTEMPTS) this.attempts++;
    this.enter('BACKOFF');
    if (ALIOT_LOG_INFO) this.hal.log.write('info', TAG, 'next attempt in ' + delay + ' ms');
    const self = this;
    this.clearTimer();
    this.timer = this.hal.clock.setTimer(delay, function () {
      self.events.run(function () {
        self.timer = null;
        if (self.current !== 'BACKOFF') return;
        if (self.active !== null) self.connect();
        else self.load();
      });
    });
  }

  private halt(error: LinkError): void {
    this.quiesce();
    this.enter('HALTED');
    this.report(error, false);
  }

  private report(error: LinkError, retrying: boolean): void {
    this.lastErr = error;
    this.hal.log.write(retrying ? 'warn' : 'error', TAG, error.code + ': ' + error.message);
    this.events.emit({ type: 'error', error: error, retrying: retrying });
  }

  /** Stops everything in flight: timers, registration, authentication, the MQTT connection. */
  private quiesce(): void {
    this.clearTimer();
    if (this.registrar !== null) this.registrar.abort();
    if (this.auth !== null) {
      this.auth.abort();
      this.auth = null;
    }
    if (this.client.state() !== 'IDLE') this.client.disconnect();
    this.active = null;
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      this.hal.clock.clearTimer(this.timer);
      this.timer = null;
    }
  }

  private enter(to: LinkState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    if (ALIOT_LOG_DEBUG) this.hal.log.write('debug', TAG, 'state ' + from + ' -> ' + to);
    this.events.emit({ type: 'state', from: from, to: to });
  }
}

function sameCredential(a: StoredCredential, b: StoredCredential): boolean {
  return a.kind === b.kind && a.productKey === b.productKey && a.deviceName === b.deviceName && secretOf(a) === secretOf(b);
}



export type { LinkEvent };
