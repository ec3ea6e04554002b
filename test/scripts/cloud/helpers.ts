// Test plumbing for the local cloud: a cloud on a temp data dir with free ports, Node's https client and the
// `mqtt` npm client pointed at it with the cloud's CA and the real Alibaba host names as TLS server names.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { nodeSignHal } from '../../../scripts/cli/commands/sign';
import { startCloud, type CloudOptions, type RunningCloud } from '../../../scripts/cloud/index';
import { dynregHttpsRequest, type SignMethod } from '../../../src/auth/index';

export { nodeSignHal };

export const AUTH_HOST = 'iot-auth.cn-shanghai.aliyuncs.com';
export const mqttHost = (productKey: string): string => `${productKey}.iot-as-mqtt.cn-shanghai.aliyuncs.com`;

export function tempDir(prefix = 'aliot-cloud-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A cloud on free ports; the data dir is made unless given. */
export async function startTestCloud(options: Partial<CloudOptions> = {}): Promise<RunningCloud> {
  return startCloud({
    dataDir: options.dataDir ?? tempDir(),
    httpsPort: 0,
    mqttTlsPort: 0,
    mqttTcpPort: 0,
    adminPort: 0,
    ...options,
  });
}

export interface HttpsReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface PostOptions {
  method?: string;
  contentType?: string;
  servername?: string;
}

/** One request with Node's https client to the cloud, verifying the certificate for the real iot-auth name. */
export function httpsPost(cloud: RunningCloud, path: string, body: string, options: PostOptions = {}): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: cloud.httpsPort,
        servername: options.servername ?? AUTH_HOST,
        ca: cloud.caPem,
        method: options.method ?? 'POST',
        path,
        agent: false,
        headers: {
          Host: options.servername ?? AUTH_HOST,
          Accept: 'text/xml,text/javascript,text/html,application/json',
          'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded',
          'Content-Length': String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface RegisterOptions {
  random?: string;
  signMethod?: SignMethod;
  hexCase?: 'upper' | 'lower';
  productSecret?: string;
}

/** The §1 form, signed by src/auth as a device would sign it. */
export function dynregBody(productKey: string, deviceName: string, productSecret: string, o: RegisterOptions = {}): string {
  const r = dynregHttpsRequest(nodeSignHal, { productKey, deviceName, productSecret, random: o.random, signMethod: o.signMethod, hexCase: o.hexCase });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.request.body;
}

export function register(cloud: RunningCloud, productKey: string, deviceName: string, productSecret: string, o: RegisterOptions = {}): Promise<HttpsReply> {
  return httpsPost(cloud, '/auth/register/device', dynregBody(productKey, deviceName, productSecret, o));
}

export interface MqttLogin {
  clientId: string;
  username: string;
  password: string;
  keepalive?: number;
}

export interface ConnectOptions {
  tcp?: boolean;
  /** TLS server name to verify; default the product's legacy MQTT host. */
  servername?: string;
  clean?: boolean;
  /** Messages are pushed here from the first packet on (a reply may arrive right behind the CONNACK). */
  received?: { topic: string; payload: string }[];
}

/** Error from a refused or failed connect; `code` is the CONNACK return code when there was one. */
export type ConnectError = Error & { code?: number };

/** Connects the `mqtt` client (no reconnects); resolves when CONNACK 0 arrives, rejects with the CONNACK code otherwise. */
export function connectMqtt(cloud: RunningCloud, login: MqttLogin, options: ConnectOptions = {}): Promise<MqttClient> {
  const productKey = login.username.split('&')[1] ?? 'a1unknown00';
  const common: IClientOptions = {
    clientId: login.clientId,
    username: login.username,
    password: login.password,
    keepalive: login.keepalive ?? 300,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    protocolVersion: 4,
    clean: options.clean ?? true,
  };
  const client = options.tcp
    ? mqtt.connect(`mqtt://127.0.0.1:${cloud.mqttTcpPort}`, common)
    : mqtt.connect(`mqtts://127.0.0.1:${cloud.mqttTlsPort}`, {
        ...common,
        ca: cloud.caPem,
        servername: options.servername ?? mqttHost(productKey),
        rejectUnauthorized: true,
      });
  const received = options.received;
  if (received) client.on('message', (topic, payload) => received.push({ topic, payload: payload.toString('utf8') }));
  return new Promise((resolve, reject) => {
    const fail = (error: ConnectError): void => {
      cleanup();
      client.end(true);
      reject(error);
    };
    const onConnect = (): void => {
      cleanup();
      resolve(client);
    };
    const onClose = (): void => fail(new Error('closed before CONNACK'));
    const cleanup = (): void => {
      client.off('connect', onConnect);
      client.off('error', fail);
      client.off('close', onClose);
    };
    client.on('connect', onConnect);
    client.on('error', fail);
    client.on('close', onClose);
  });
}

/** The CONNACK return code a login gets (0 when accepted; the client is closed again). */
export async function connackCode(cloud: RunningCloud, login: MqttLogin, options: ConnectOptions = {}): Promise<number> {
  try {
    const client = await connectMqtt(cloud, login, options);
    await client.endAsync();
    return 0;
  } catch (error) {
    const code = (error as ConnectError).code;
    if (typeof code !== 'number') throw error;
    return code;
  }
}

/** The granted QoS of one SUBSCRIBE: 0/1, or 128 when the broker refused it. */
export async function grantedQos(client: MqttClient, topic: string, qos: 0 | 1 = 1): Promise<number> {
  try {
    const granted = await client.subscribeAsync(topic, { qos });
    return granted[0].qos;
  } catch (error) {
    const packet = (error as { packet?: { granted?: number[] } }).packet;
    if (packet?.granted) return packet.granted[0];
    throw error;
  }
}

/** Resolves when the client's connection closes. */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected && client.disconnected) return resolve();
    client.once('close', () => resolve());
  });
}

/** The next message on the client (any topic), or rejects after timeoutMs. */
export function nextMessage(client: MqttClient, timeoutMs = 5000): Promise<{ topic: string; payload: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message')), timeoutMs);
    client.once('message', (topic, payload) => {
      clearTimeout(timer);
      resolve({ topic, payload: payload.toString('utf8') });
    });
  });
}

/** Waits until `check` holds, polling every 10 ms; rejects after timeoutMs. */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `aliot cloud start` as a child process, once its banner is out: what it printed so far, and a SIGINT stop. */
export interface CloudStartProcess {
  output(): string;
  /** SIGINT; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function spawnCloudStart(dataDir: string, extra: string[] = []): Promise<CloudStartProcess> {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const ports = ['--https-port', '0', '--mqtt-port', '0', '--mqtt-tcp-port', '0', '--admin-port', '0'];
  const child = spawn(process.execPath, ['scripts/bin/aliot.js', 'cloud', 'start', '--data', dataDir, ...ports, ...extra], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    child.kill('SIGINT');
    return exited;
  };
  const deadline = Date.now() + 20_000;
  while (!out.includes('events (Ctrl-C stops)')) {
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`no start banner:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { output: () => out, stop };
}
