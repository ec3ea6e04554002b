// `aliot cloud start`: runs the local cloud in the foreground, prints where everything is, then one line per
// event (secrets masked) until SIGINT or SIGTERM.

import { join } from 'node:path';
import { startCloud, STATE_FILE, type CloudOptions } from '../cloud';
import { KEY_TYPES, type KeyType } from '../tls/index';
import { ADMIN_TOKEN_FILE } from '../admin/token';
import { dataDirOf } from './data-dir';
import { UsageError } from '../../cli/usage';

export interface StartFlags {
  data?: string;
  host?: string;
  httpsPort?: string;
  mqttPort?: string;
  mqttTcpPort?: string;
  adminPort?: string;
  mqttRedirect?: string;
  registrationDropMs?: string;
  keyType?: string;
}

function port(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new UsageError(`${name} must be a port number from 0 to 65535 (0 = any free port), got ${JSON.stringify(text)}`);
  return n;
}

function redirect(text: string | undefined): CloudOptions['mqttRedirect'] {
  if (text === undefined) return undefined;
  const colon = text.lastIndexOf(':');
  const p = port(text.slice(colon + 1), '--mqtt-redirect port');
  if (colon <= 0 || !p) throw new UsageError('--mqtt-redirect must be HOST:PORT');
  return { host: text.slice(0, colon), port: p };
}

function keyType(text: string | undefined): KeyType | undefined {
  if (text === undefined) return undefined;
  const type = KEY_TYPES.find((t) => t === text);
  if (!type) throw new UsageError(`--key-type must be ${KEY_TYPES.join(' or ')}`);
  return type;
}

function dropMs(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--registration-drop-ms must be a whole number of milliseconds, got ${JSON.stringify(text)}`);
  return Number(text);
}

export async function runCloudStart(flags: StartFlags, write: (text: string) => void): Promise<void> {
  const dataDir = dataDirOf(flags.data);
  const drop = flags.registrationDropMs === undefined ? undefined : dropMs(flags.registrationDropMs);
  const cloud = await startCloud({
    dataDir,
    host: flags.host,
    httpsPort: port(flags.httpsPort, '--https-port'),
    mqttTlsPort: port(flags.mqttPort, '--mqtt-port'),
    mqttTcpPort: port(flags.mqttTcpPort, '--mqtt-tcp-port'),
    adminPort: port(flags.adminPort, '--admin-port'),
    mqttRedirect: redirect(flags.mqttRedirect),
    registrationDropMs: drop,
    keyType: keyType(flags.keyType),
    logger: (line) => write(line + '\n'),
  });
  // The handlers go in before the banner: a supervisor that signals as soon as it reads the banner must not meet
  // Node's default SIGINT action (death by signal, no cleanup).
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  write(
    `aliot cloud running, data ${dataDir}\n` +
      `  https     ${cloud.host}:${cloud.httpsPort}   (iot-auth.<region>.aliyuncs.com: /auth/register/device, /auth/devicename)\n` +
      `  mqtt tls  ${cloud.host}:${cloud.mqttTlsPort}   (<ProductKey>.iot-as-mqtt.<region>.aliyuncs.com: securemode 2, -1, -2)\n` +
      `  mqtt tcp  ${cloud.host}:${cloud.mqttTcpPort}   (securemode 3, 0)\n` +
      `  admin     http://127.0.0.1:${cloud.adminPort}   (JSON API, /events as SSE; Authorization: Bearer <${join(dataDir, ADMIN_TOKEN_FILE)}>)\n` +
      `  CA        ${cloud.caPath} (${cloud.keyLabel})\n` +
      `  host map  ${join(dataDir, STATE_FILE)}\n` +
      `events (Ctrl-C stops):\n`,
  );
  await stopped;
  await cloud.stop();
  write('aliot cloud stopped\n');
}
