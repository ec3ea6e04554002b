import { createHash, randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { UsageError } from '../usage';
import {
  deviceSecretCredentials,
  dynregHttpsRequest,
  dynregMqttCredentials,
  makeDynregRandom,
  requestUrl,
  type AuthError,
  type AuthField,
  type AuthResult,
  type DynregAuthType,
  type DynregMqttCredentials,
  type HttpsRequest,
  type MqttCredentials,
  type MqttEndpointOptions,
  type Region,
  type SignHal,
  type SignMethod,
} from '../../../src/auth/index';
import { maskSecret } from '../../../src/util/mask';

/** Raw option values as commander hands them over. */
interface SignFlags {
  productKey?: string;
  deviceName?: string;
  deviceSecret?: string;
  productSecret?: string;
  dynreg?: boolean;
  regnwl?: boolean;
  random?: string;
  region?: string;
  endpoint?: string;
  instanceId?: string;
  port?: string;
  authHost?: string;
  signmethod: string;
  securemode?: string;
  tcp?: boolean;
  keepalive?: string;
  timestamp?: string | false;
  clientId?: string;
  lowercase?: boolean;
  json?: boolean;
}

/** Exit code for input the user has to fix. */
export const EXIT_INVALID = 2;

/** The host side of the HAL that src/auth needs: node:crypto for hashes and randomness. */
export const nodeSignHal: SignHal = {
  hash: {
    sha256: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
    sha1: (data) => new Uint8Array(createHash('sha1').update(data).digest()),
    md5: (data) => new Uint8Array(createHash('md5').update(data).digest()),
  },
  random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
};

const FLAG_OF: Partial<Record<AuthField, string>> = {
  productKey: '--product-key',
  deviceName: '--device-name',
  deviceSecret: '--device-secret',
  productSecret: '--product-secret',
  random: '--random',
  signMethod: '--signmethod',
  secureMode: '--securemode',
  timestamp: '--timestamp',
  clientId: '--client-id',
  region: '--region',
  instanceId: '--instance-id',
  host: '--endpoint / --auth-host',
  port: '--port',
  keepalive: '--keepalive',
};

/** `aliot sign`: MQTT credentials (or the dynamic-registration request) computed by src/auth, for manual connects. */
export function registerSign(program: Command): void {
  program
    .command('sign')
    .description('print MQTT host, port, clientId, username and password for a device (or its dynamic-registration request)')
    .option('--product-key <pk>', 'ProductKey')
    .option('--device-name <dn>', 'DeviceName')
    .option('--device-secret <ds>', 'DeviceSecret (unique certificate per device)')
    .option('--product-secret <ps>', 'ProductSecret (unique certificate per product; implies --dynreg)')
    .option('--dynreg', 'print the dynamic-registration requests (HTTPS and MQTT) instead of a login')
    .option('--regnwl', 'registration-free dynamic registration over MQTT (authType=regnwl; implies --dynreg)')
    .option('--random <r>', 'random value to sign for --dynreg (default: 15 fresh alphanumerics)')
    .option('--region <region>', 'cn-shanghai, ap-southeast-1, ap-northeast-1, us-west-1, us-east-1 or eu-central-1')
    .option('--endpoint <host>', 'custom MQTT host')
    .option('--instance-id <id>', 'instance: MQTT host <id>.mqtt.iothub.aliyuncs.com (and instanceId= for --dynreg)')
    .option('--port <n>', 'MQTT port (default 8883 with TLS, 1883 with --tcp)')
    .option('--auth-host <host>', 'custom HTTPS host for --dynreg (default iot-auth.<region>.aliyuncs.com)')
    .option('--signmethod <m>', 'hmacsha256, hmacsha1 or hmacmd5', 'hmacsha256')
    .option('--securemode <n>', '2 (TLS) or 3 (TCP); 2 or -2 with --dynreg')
    .option('--tcp', 'plain TCP: securemode 3')
    .option('--keepalive <s>', 'keep-alive seconds, 30-1200 (default 300)')
    .option('--timestamp <ms>', 'timestamp to sign (default 2524608000000)')
    .option('--no-timestamp', 'sign without a timestamp and leave it out of the clientId')
    .option('--client-id <id>', 'id part of the clientId (default <ProductKey>.<DeviceName>)')
    .option('--lowercase', 'lower-case hex password/sign (the cloud accepts both)')
    .option('--json', 'print one JSON object')
    .action((flags: SignFlags) => {
      const dynreg = flags.dynreg === true || flags.regnwl === true || flags.productSecret !== undefined;
      const out = dynreg ? runDynreg(flags) : runDeviceSecret(flags);
      process.stdout.write(out);
    });
}

function runDeviceSecret(flags: SignFlags): string {
  if (flags.productSecret !== undefined) usageError('--product-secret is only used with --dynreg');
  const secureMode = flags.tcp ? 3 : optionalInt(flags.securemode);
  const creds = unwrap(
    deviceSecretCredentials(nodeSignHal, {
      productKey: flags.productKey as string,
      deviceName: flags.deviceName as string,
      deviceSecret: flags.deviceSecret as string,
      secureMode: secureMode,
      signMethod: flags.signmethod as SignMethod,
      timestamp: flags.timestamp,
      clientIdBase: flags.clientId,
      endpoint: mqttEndpoint(flags),
      keepalive: optionalInt(flags.keepalive),
      hexCase: flags.lowercase ? 'lower' : 'upper',
    }),
  );
  const secret = maskSecret(flags.deviceSecret);
  if (flags.json) return JSON.stringify({ mode: 'device-secret', mqtt: creds, deviceSecret: secret }, null, 2) + '\n';
  return (
    `MQTT login (securemode=${creds.secureMode}, ${creds.tls ? 'TLS' : 'plain TCP'}, direct)\n` +
    mqttLines(creds) +
    `signed with DeviceSecret ${secret} (${flags.signmethod})\n`
  );
}

function runDynreg(flags: SignFlags): string {
  if (flags.deviceSecret !== undefined) usageError('--device-secret is not used with --dynreg; give --product-secret');
  const authType: DynregAuthType = flags.regnwl ? 'regnwl' : 'register';
  const random = flags.random !== undefined ? flags.random : unwrap(makeDynregRandom(nodeSignHal));
  const hexCase = flags.lowercase ? 'lower' : 'upper';
  const common = {
    productKey: flags.productKey as string,
    deviceName: flags.deviceName as string,
    productSecret: flags.productSecret as string,
    random: random,
    signMethod: flags.signmethod as SignMethod,
    hexCase: hexCase as 'lower' | 'upper',
  };
  const mqtt = unwrap(
    dynregMqttCredentials(nodeSignHal, {
      ...common,
      authType: authType,
      secureMode: flags.tcp ? 3 : optionalInt(flags.securemode),
      instanceId: flags.instanceId,
      clientIdBase: flags.clientId,
      endpoint: mqttEndpoint(flags),
      keepalive: optionalInt(flags.keepalive),
    }),
  );
  // HTTPS can register only pre-registered devices (protocol.md §1): no HTTPS request for regnwl.
  const https =
    authType === 'register'
      ? unwrap(
          dynregHttpsRequest(nodeSignHal, {
            ...common,
            endpoint: { region: flags.region as Region | undefined, host: flags.authHost },
          }),
        ).request
      : null;
  const secret = maskSecret(flags.productSecret);
  if (flags.json) {
    const json = { mode: 'dynreg', authType, random, productSecret: secret, https: https && httpsJson(https), mqtt };
    return JSON.stringify(json, null, 2) + '\n';
  }
  return dynregText(mqtt, https, random, secret, flags.signmethod);
}

function dynregText(
  mqtt: DynregMqttCredentials,
  https: HttpsRequest | null,
  random: string,
  secret: string,
  signMethod: string,
): string {
  let text = `Dynamic registration: random ${random}, signed with ProductSecret ${secret} (${signMethod})\n\n`;
  if (https) {
    text += 'HTTPS registration request\n';
    text += `  ${https.method} ${requestUrl(https)}\n`;
    for (const [name, value] of httpHeaders(https)) text += `  ${name}: ${value}\n`;
    text += `\n  ${https.body}\n\n`;
  } else {
    text += 'HTTPS registration: not available for regnwl (registration-free needs MQTT)\n\n';
  }
  text += `MQTT registration (authType=${mqtt.authType}, securemode=${mqtt.secureMode}, TLS)\n`;
  text += mqttLines(mqtt);
  text += `  the reply arrives on /ext/${mqtt.authType} without a SUBSCRIBE; disconnect after it\n`;
  return text;
}

function mqttLines(c: MqttCredentials): string {
  const rows: [string, string][] = [
    ['host', c.host],
    ['port', String(c.port)],
    ['tls', c.tls ? 'yes' : 'no'],
    ['clientId', c.clientId],
    ['username', c.username],
    ['password', c.password],
    ['keepalive', String(c.keepalive)],
  ];
  return rows.map(([k, v]) => `  ${k.padEnd(10)} ${v}\n`).join('');
}

/** The headers a client sends, transport headers included, so the request can be replayed by hand. */
function httpHeaders(r: HttpsRequest): [string, string][] {
  const host = r.port === 443 ? r.host : `${r.host}:${r.port}`;
  return [['Host', host], ...r.headers, ['Content-Length', String(Buffer.byteLength(r.body))]];
}

function httpsJson(r: HttpsRequest): object {
  return { method: r.method, url: requestUrl(r), headers: Object.fromEntries(httpHeaders(r)), body: r.body };
}

/** --endpoint wins over --instance-id, which wins over --region (default cn-shanghai). */
function mqttEndpoint(flags: SignFlags): MqttEndpointOptions {
  return {
    region: flags.region as Region | undefined,
    host: flags.endpoint,
    instanceId: flags.instanceId,
    port: optionalInt(flags.port),
  };
}

/** Integer text to a number; anything else to NaN, which src/auth reports as an invalid field. */
function optionalInt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
}

function unwrap<T>(result: AuthResult<T>): T {
  if (result.ok) return result.value;
  return fieldError(result.error);
}

function fieldError(error: AuthError): never {
  const flag = FLAG_OF[error.field];
  usageError(flag ? `${error.message} (${flag})` : error.message, error.code);
}

function usageError(message: string, _code = 'USAGE'): never {
  throw new UsageError(message, 'aliot sign');
}
