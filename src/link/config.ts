import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { ClientIdExtensions } from '../auth/client-id';
import { REGIONS, type MqttEndpointOptions, type Region } from '../auth/endpoints';
import { SIGN_METHODS, type SignMethod } from '../auth/sign';
import { DEFAULT_KEEPALIVE } from '../auth/types';
import { check } from '../auth/validate';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../mqtt/client/client';
import '../features';

// The link's configuration: everything the Link Kit SDK sets through IOT_Ioctl / HAL_Set* / IOT_SetupConnInfo,
// as one plain object, declared once (LinkConfig; ResolvedConfig is the same fields with the defaults filled in).
// It is checked here and only here, when the link boots: invalid configuration is a value naming the field, and the
// link halts with it. The rest of the link relies on a ResolvedConfig being valid.

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

/** The configuration with every default filled in, and what the logins derive from it computed once. */
export interface ResolvedConfig extends LinkConfig {
  deviceNameFrom: 'config' | 'mac' | 'serial';
  dynamicRegistration: boolean;
  registration: RegistrationMethod;
  region: Region;
  authMode: 'direct' | 'https';
  keepalive: number;
  cleanSession: boolean;
  signMethod: SignMethod;
  /** undefined when none was given (or an empty list): the board's own trust. */
  ca: string[] | undefined;
  backoff: BackoffPolicy;
  rejectedBackoffMs: number;
  flapWindowMs: number;
  flapLimit: number;
  registrationTimeoutMs: number;
  connectTimeoutMs: number;
  /** transport !== 'tcp'. */
  tls: boolean;
  /** The clientId parameters every login sends (_v, partner_id, module_id, instanceId). */
  extensions: ClientIdExtensions;
  /** Where MQTT is (region, instanceId, mqttHost, mqttPort). */
  endpoint: MqttEndpointOptions;
}

export interface ConfigError {
  /** The LinkConfig field to fix. */
  field: string;
  message: string;
}

export type ConfigResult = { ok: true; value: ResolvedConfig } | { ok: false; error: ConfigError };

/** The aliot version sent as `_v` in the clientId. */
export const ALIOT_VERSION = 'aliot-ts-0.1.0';

/**
 * The shape checks of the fields, in the order they are reported: [field, rule of src/auth/validate ('' for the
 * field's own, or the allowed values)]. A field is checked when it is given; productKey always.
 */
const CHECKS: [string, string | readonly unknown[]][] = [
  ['productKey', ''],
  ['deviceName', ''],
  ['deviceNameFrom', ['config', 'mac', 'serial']],
  ['deviceSecret', ''],
  ['productSecret', ''],
  ['registration', ['https', 'mqtt-register', 'mqtt-regnwl']],
  ['region', REGIONS],
  ['instanceId', ''],
  ['mqttHost', 'host'],
  ['mqttPort', 'port'],
  ['authHost', 'host'],
  ['authPort', 'port'],
  ['transport', ['tls', 'tcp']],
  ['authMode', ['direct', 'https']],
  ['keepalive', ''],
  ['signMethod', SIGN_METHODS],
  ['rejectedBackoffMs', 'positive'],
  ['flapWindowMs', 'positive'],
  ['flapLimit', 'positive'],
  ['registrationTimeoutMs', 'positive'],
  ['connectTimeoutMs', 'positive'],
  ['backoff.baseMs', 'positive'],
  ['backoff.capMs', 'positive'],
  ['backoff.stableMs', 'nonNegative'],
];

/** Checks the configuration and fills in defaults; `identitySource` is the board's (for deviceNameFrom). */
export function resolveConfig(config: LinkConfig, identitySource: 'mac' | 'serial' | 'config'): ConfigResult {
  const c = config || ({} as LinkConfig);
  const fields = c as unknown as { [field: string]: unknown };
  const b = c.backoff || {};
  const given = b as { [field: string]: unknown };
  let error: ConfigError | null = null;
  for (let i = 0; i < CHECKS.length && !error; i++) {
    const field = CHECKS[i]![0];
    const value = field.indexOf('backoff.') === 0 ? given[field.substring(8)] : fields[field];
    if (value !== undefined || i === 0) error = check(field, value, CHECKS[i]![1] || undefined);
  }
  const from = c.deviceNameFrom !== undefined ? c.deviceNameFrom : c.deviceName !== undefined ? 'config' : identitySource;
  const dynamic = c.dynamicRegistration !== undefined ? c.dynamicRegistration : c.deviceSecret === undefined;
  const registration = c.registration || 'https';
  const backoff: BackoffPolicy = {
    baseMs: b.baseMs !== undefined ? b.baseMs : DEFAULT_BACKOFF.baseMs,
    capMs: b.capMs !== undefined ? b.capMs : DEFAULT_BACKOFF.capMs,
    stableMs: b.stableMs !== undefined ? b.stableMs : DEFAULT_BACKOFF.stableMs,
  };
  // The choices a field's shape does not settle: the certificate, and code this image was built without (image.features).
  const built = registration === 'https' ? ALIOT_REGISTER_HTTPS : registration === 'mqtt-register' ? ALIOT_REGISTER_MQTT : ALIOT_REGISTER_NWL;
  let field = '';
  let message = '';
  if (error) {
    field = error.field;
    message = error.message;
  } else if (c.deviceSecret === undefined && c.productSecret === undefined) {
    field = 'deviceSecret';
    message = 'a deviceSecret (per-device certificate) or a productSecret (per-product certificate) is required';
  } else if (c.dynamicRegistration === true && c.productSecret === undefined) {
    field = 'productSecret';
    message = 'dynamicRegistration needs the productSecret of the product';
  } else if (c.dynamicRegistration === false && c.deviceSecret === undefined) {
    field = 'deviceSecret';
    message = 'with dynamicRegistration off the device needs its deviceSecret';
  } else if (from === 'config' && c.deviceName === undefined) {
    field = 'deviceName';
    message = 'deviceName is required when deviceNameFrom is config';
  } else if (c.transport === 'tcp' && registration !== 'https') {
    field = 'transport';
    message = 'transport must be tls for registration over MQTT (the cloud answers CONNACK 2 over TCP)';
  } else if (dynamic && !built) {
    field = 'registration';
    message = 'registration ' + registration + ' is not built into this image';
  } else if (c.authMode === 'https' && !ALIOT_AUTH_HTTPS) {
    field = 'authMode';
    message = 'authMode https is not built into this image';
  } else if ((c.signMethod === 'hmacsha1' && !ALIOT_SIGN_SHA1) || (c.signMethod === 'hmacmd5' && !ALIOT_SIGN_MD5)) {
    field = 'signMethod';
    message = 'signMethod ' + c.signMethod + ' is not built into this image';
  } else if (backoff.capMs < backoff.baseMs) {
    field = 'backoff.capMs';
    message = 'backoff.capMs must not be below backoff.baseMs';
  }
  if (field !== '') return { ok: false, error: { field: field, message: message } };
  const extensions: ClientIdExtensions = { sdkVersion: ALIOT_VERSION };
  if (c.partnerId !== undefined) extensions.partnerId = c.partnerId;
  if (c.moduleId !== undefined) extensions.moduleId = c.moduleId;
  if (c.instanceId !== undefined) extensions.instanceId = c.instanceId;
  const endpoint: MqttEndpointOptions = { region: c.region || 'cn-shanghai' };
  if (c.instanceId !== undefined) endpoint.instanceId = c.instanceId;
  if (c.mqttHost !== undefined) endpoint.host = c.mqttHost;
  if (c.mqttPort !== undefined) endpoint.port = c.mqttPort;
  return {
    ok: true,
    value: {
      productKey: c.productKey,
      deviceName: c.deviceName,
      deviceNameFrom: from,
      deviceSecret: c.deviceSecret,
      productSecret: c.productSecret,
      dynamicRegistration: dynamic,
      registration: registration,
      region: endpoint.region!,
      instanceId: c.instanceId,
      mqttHost: c.mqttHost,
      mqttPort: c.mqttPort,
      authHost: c.authHost,
      authPort: c.authPort,
      transport: c.transport,
      tls: c.transport !== 'tcp',
      authMode: c.authMode || 'direct',
      keepalive: c.keepalive === undefined ? DEFAULT_KEEPALIVE : c.keepalive,
      cleanSession: c.cleanSession === true,
      signMethod: c.signMethod || 'hmacsha256',
      partnerId: c.partnerId,
      moduleId: c.moduleId,
      ca: c.ca && c.ca.length > 0 ? c.ca : undefined,
      timeFloorMs: c.timeFloorMs,
      backoff: backoff,
      rejectedBackoffMs: c.rejectedBackoffMs !== undefined ? c.rejectedBackoffMs : 30 * 60 * 1000,
      flapWindowMs: c.flapWindowMs !== undefined ? c.flapWindowMs : 10000,
      flapLimit: c.flapLimit !== undefined ? c.flapLimit : 3,
      registrationTimeoutMs: c.registrationTimeoutMs !== undefined ? c.registrationTimeoutMs : 15000,
      connectTimeoutMs: c.connectTimeoutMs !== undefined ? c.connectTimeoutMs : DEFAULT_CONNECT_TIMEOUT_MS,
      extensions: extensions,
      endpoint: endpoint,
    },
  };
}
