import type { BackoffPolicy } from './backoff';
import { DEFAULT_BACKOFF } from './backoff';
import { checkRegion, type Region } from '../auth/endpoints';
import { SIGN_METHODS, type SignMethod } from '../auth/sign';
import { DEFAULT_KEEPALIVE } from '../auth/types';
import {
  checkDeviceName,
  checkHost,
  checkInstanceId,
  checkKeepalive,
  checkPort,
  checkProductKey,
  checkSecret,
} from '../auth/validate';
import type { AuthError } from '../auth/errors';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../mqtt/client/client';
import '../features';

// The link's configuration: everything the Link Kit SDK sets through IOT_Ioctl / HAL_Set* / IOT_SetupConnInfo,
// as one plain object. Invalid configuration is a value naming the field, and the link halts with it.

/** How a device without a DeviceSecret obtains one (spec/protocol.md §1, §2). */
export type RegistrationMethod = 'https' | 'mqtt-register' | 'mqtt-regnwl';

export interface LinkConfig {
  productKey: string;
  /** The DeviceName, when it is configured rather than derived from the board's identity. */
  deviceName?: string;
  /** Where the DeviceName comes from; default 'config' when deviceName is given, else the board's identity source. */
  deviceNameFrom?: 'config' | 'mac' | 'serial';
  /** Per-device certificate: the burned-in DeviceSecret. */
  deviceSecret?: string;
  /** Per-product certificate: the ProductSecret shared by the whole product. */
  productSecret?: string;
  /** Obtain the DeviceSecret by dynamic registration (IOTX_IOCTL_SET_DYNAMIC_REGISTER); default: on with a ProductSecret. */
  dynamicRegistration?: boolean;
  /** Default 'https'. */
  registration?: RegistrationMethod;
  /** Default cn-shanghai (IOTX_IOCTL_SET_REGION / SET_DOMAIN). */
  region?: Region;
  /** Enterprise or new public instance: MQTT at `${instanceId}.mqtt.iothub.aliyuncs.com`. */
  instanceId?: string;
  /** Custom MQTT endpoint. */
  mqttHost?: string;
  mqttPort?: number;
  /** Custom HTTPS endpoint for registration and HTTPS authentication. */
  authHost?: string;
  authPort?: number;
  /** Default 'tls'. 'tcp' is securemode 3 (direct) or 0 (HTTPS auth mode). */
  transport?: 'tls' | 'tcp';
  /** 'direct' signs the MQTT login itself (FEATURE_MQTT_DIRECT=y, default); 'https' asks /auth/devicename first. */
  authMode?: 'direct' | 'https';
  /** Seconds, 30-1200; default 300. */
  keepalive?: number;
  /** Default false: QoS1 messages survive a reconnect in both directions. */
  cleanSession?: boolean;
  /** Default hmacsha256. */
  signMethod?: SignMethod;
  partnerId?: string;
  moduleId?: string;
  /** Trusted roots (PEM) for the real cloud or a local one; default: none given (the board's own trust). */
  ca?: string[];
  /** Wall-clock floor (ms since 1970) for TLS when the board's clock is unset (before SNTP). */
  timeFloorMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Wait after the cloud refused a stored secret (CONNACK 4/5), ms; default 30 minutes. */
  rejectedBackoffMs?: number;
  /** Connections dropped within this time after connecting count as flaps, ms; default 10 s. */
  flapWindowMs?: number;
  /** This many flaps in a row raise a 'kicked' event (another device using this identity); default 3. */
  flapLimit?: number;
  /** Whole registration exchange deadline, ms; default 15 s. */
  registrationTimeoutMs?: number;
  /** CONNACK deadline, ms; default 10 s. */
  connectTimeoutMs?: number;
}

/** The configuration with every default filled in. */
export interface ResolvedConfig {
  productKey: string;
  deviceName: string | undefined;
  deviceNameFrom: 'config' | 'mac' | 'serial';
  deviceSecret: string | undefined;
  productSecret: string | undefined;
  dynamicRegistration: boolean;
  registration: RegistrationMethod;
  region: Region;
  instanceId: string | undefined;
  mqttHost: string | undefined;
  mqttPort: number | undefined;
  authHost: string | undefined;
  authPort: number | undefined;
  tls: boolean;
  authMode: 'direct' | 'https';
  keepalive: number;
  cleanSession: boolean;
  signMethod: SignMethod;
  partnerId: string | undefined;
  moduleId: string | undefined;
  ca: string[];
  timeFloorMs: number | undefined;
  backoff: BackoffPolicy;
  rejectedBackoffMs: number;
  flapWindowMs: number;
  flapLimit: number;
  registrationTimeoutMs: number;
  connectTimeoutMs: number;
}

export interface ConfigError {
  /** The LinkConfig field to fix. */
  field: string;
  message: string;
}

export type ConfigResult = { ok: true; value: ResolvedConfig } | { ok: false; error: ConfigError };

/** Checks the configuration and fills in defaults; `identitySource` is the board's (for deviceNameFrom). */
export function resolveConfig(config: LinkConfig, identitySource: 'mac' | 'serial' | 'config'): ConfigResult {
  const c = config || ({} as LinkConfig);
  const fail = firstConfigError(c);
  if (fail) return { ok: false, error: fail };
  const from = c.deviceNameFrom !== undefined ? c.deviceNameFrom : c.deviceName !== undefined ? 'config' : identitySource;
  if (from === 'config' && c.deviceName === undefined) {
    return { ok: false, error: { field: 'deviceName', message: 'deviceName is required when deviceNameFrom is config' } };
  }
  const dynamic = c.dynamicRegistration !== undefined ? c.dynamicRegistration : c.deviceSecret === undefined;
  const b = c.backoff || {};
  return {
    ok: true,
    value: {
      productKey: c.productKey,
      deviceName: c.deviceName,
      deviceNameFrom: from,
      deviceSecret: c.deviceSecret,
      productSecret: c.productSecret,
      dynamicRegistration: dynamic,
      registration: c.registration || 'https',
      region: c.region || 'cn-shanghai',
      instanceId: c.instanceId,
      mqttHost: c.mqttHost,
      mqttPort: c.mqttPort,
      authHost: c.authHost,
      authPort: c.authPort,
      tls: c.transport !== 'tcp',
      authMode: c.authMode || 'direct',
      keepalive: c.keepalive === undefined ? DEFAULT_KEEPALIVE : c.keepalive,
      cleanSession: c.cleanSession === true,
      signMethod: c.signMethod || 'hmacsha256',
      partnerId: c.partnerId,
      moduleId: c.moduleId,
      ca: c.ca || [],
      timeFloorMs: c.timeFloorMs,
      backoff: {
        baseMs: b.baseMs !== undefined ? b.baseMs : DEFAULT_BACKOFF.baseMs,
        capMs: b.capMs !== undefined ? b.capMs : DEFAULT_BACKOFF.capMs,
        stableMs: b.stableMs !== undefined ? b.stableMs : DEFAULT_BACKOFF.stableMs,
      },
      rejectedBackoffMs: c.rejectedBackoffMs !== undefined ? c.rejectedBackoffMs : 30 * 60 * 1000,
      flapWindowMs: c.flapWindowMs !== undefined ? c.flapWindowMs : 10000,
      flapLimit: c.flapLimit !== undefined ? c.flapLimit : 3,
      registrationTimeoutMs: c.registrationTimeoutMs !== undefined ? c.registrationTimeoutMs : 15000,
      connectTimeoutMs: c.connectTimeoutMs !== undefined ? c.connectTimeoutMs : DEFAULT_CONNECT_TIMEOUT_MS,
    },
  };
}

function firstConfigError(c: LinkConfig): ConfigError | null {
  const checks: (ConfigError | null)[] = [
    as('productKey', checkProductKey(c.productKey)),
    c.deviceName !== undefined ? as('deviceName', checkDeviceName(c.deviceName)) : null,
    optionalOneOf('deviceNameFrom', c.deviceNameFrom, ['config', 'mac', 'serial']),
    c.deviceSecret !== undefined ? as('deviceSecret', checkSecret('deviceSecret', c.deviceSecret)) : null,
    c.productSecret !== undefined ? as('productSecret', checkSecret('productSecret', c.productSecret)) : null,
    certificateError(c),
    optionalOneOf('registration', c.registration, ['https', 'mqtt-register', 'mqtt-regnwl']),
    c.region !== undefined ? as('region', checkRegion(c.region)) : null,
    c.instanceId !== undefined ? as('instanceId', checkInstanceId(c.instanceId)) : null,
    c.mqttHost !== undefined ? as('mqttHost', checkHost(c.mqttHost)) : null,
    c.mqttPort !== undefined ? as('mqttPort', checkPort(c.mqttPort)) : null,
    c.authHost !== undefined ? as('authHost', checkHost(c.authHost)) : null,
    c.authPort !== undefined ? as('authPort', checkPort(c.authPort)) : null,
    optionalOneOf('transport', c.transport, ['tls', 'tcp']),
    optionalOneOf('authMode', c.authMode, ['direct', 'https']),
    c.keepalive !== undefined ? as('keepalive', checkKeepalive(c.keepalive)) : null,
    optionalOneOf('signMethod', c.signMethod, SIGN_METHODS),
    mqttRegistrationNeedsTls(c),
    notInImage(c),
    positive('rejectedBackoffMs', c.rejectedBackoffMs),
    positive('flapWindowMs', c.flapWindowMs),
    positive('flapLimit', c.flapLimit),
    positive('registrationTimeoutMs', c.registrationTimeoutMs),
    positive('connectTimeoutMs', c.connectTimeoutMs),
    backoffError(c.backoff),
  ];
  for (let i = 0; i < checks.length; i++) if (checks[i]) return checks[i]!;
  return null;
}

function certificateError(c: LinkConfig): ConfigError | null {
  if (c.deviceSecret === undefined && c.productSecret === undefined) {
    return { field: 'deviceSecret', message: 'a deviceSecret (per-device certificate) or a productSecret (per-product certificate) is required' };
  }
  if (c.dynamicRegistration === true && c.productSecret === undefined) {
    return { field: 'productSecret', message: 'dynamicRegistration needs the productSecret of the product' };
  }
  if (c.dynamicRegistration === false && c.deviceSecret === undefined) {
    return { field: 'deviceSecret', message: 'with dynamicRegistration off the device needs its deviceSecret' };
  }
  return null;
}

/** A choice whose code this image was built without (boards/*.ts, image.features). */
function notInImage(c: LinkConfig): ConfigError | null {
  const r = c.registration || 'https';
  const dynamic = c.dynamicRegistration !== undefined ? c.dynamicRegistration : c.deviceSecret === undefined;
  const registers = r === 'https' ? ALIOT_REGISTER_HTTPS : r === 'mqtt-register' ? ALIOT_REGISTER_MQTT : ALIOT_REGISTER_NWL;
  if (dynamic && !registers) return notBuilt('registration', r);
  if (c.authMode === 'https' && !ALIOT_AUTH_HTTPS) return notBuilt('authMode', 'https');
  if ((c.signMethod === 'hmacsha1' && !ALIOT_SIGN_SHA1) || (c.signMethod === 'hmacmd5' && !ALIOT_SIGN_MD5)) return notBuilt('signMethod', c.signMethod);
  return null;
}

function notBuilt(field: string, value: string): ConfigError {
  return { field: field, message: field + ' ' + value + ' is not built into this image' };
}

function mqttRegistrationNeedsTls(c: LinkConfig): ConfigError | null {
  if (c.transport === 'tcp' && (c.registration === 'mqtt-register' || c.registration === 'mqtt-regnwl')) {
    return { field: 'transport', message: 'transport must be tls for registration over MQTT (the cloud answers CONNACK 2 over TCP)' };
  }
  return null;
}

function backoffError(b: Partial<BackoffPolicy> | undefined): ConfigError | null {
  if (!b) return null;
  const e = positive('backoff.baseMs', b.baseMs) || positive('backoff.capMs', b.capMs) || nonNegative('backoff.stableMs', b.stableMs);
  if (e) return e;
  const base = b.baseMs !== undefined ? b.baseMs : DEFAULT_BACKOFF.baseMs;
  const cap = b.capMs !== undefined ? b.capMs : DEFAULT_BACKOFF.capMs;
  return cap < base ? { field: 'backoff.capMs', message: 'backoff.capMs must not be below backoff.baseMs' } : null;
}

/** An auth check's error, reported against the LinkConfig field name. */
function as(field: string, error: AuthError | null): ConfigError | null {
  if (!error) return null;
  const message = error.message.indexOf(error.field) === 0 ? field + error.message.substring(error.field.length) : error.message;
  return { field: field, message: message };
}

function optionalOneOf(field: string, value: unknown, allowed: string[]): ConfigError | null {
  if (value === undefined) return null;
  for (let i = 0; i < allowed.length; i++) if (allowed[i] === value) return null;
  return { field: field, message: field + ' must be one of ' + allowed.join(', ') + ' (got ' + String(value) + ')' };
}

function positive(field: string, value: number | undefined): ConfigError | null {
  if (value === undefined) return null;
  return typeof value === 'number' && isFinite(value) && value > 0 ? null : { field: field, message: field + ' must be a positive number' };
}

function nonNegative(field: string, value: number | undefined): ConfigError | null {
  if (value === undefined) return null;
  return typeof value === 'number' && isFinite(value) && value >= 0 ? null : { field: field, message: field + ' must be zero or more' };
}

