// Load figure of the local cloud (not a unit test): N devices register over HTTPS (one TLS connection each, as
// devices do), log in with the `mqtt` client over TLS, then each publishes QoS1 property posts. Reports
// registrations/s, logins/s, publishes/s and messages lost (sent but never seen by the cloud; must be 0).
// Cloud and clients share this process, so the figures are for both sides together on this machine.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import { startCloud, type RunningCloud } from '../cloud/index';
import { nodeHashHal } from '../cloud/verify';
import { registerWithHttps } from './mqttjs-device';
import { deviceSecretCredentials, type SignHal } from '../../src/auth/index';
import { randomBytes } from 'node:crypto';

export interface CloudLoadOptions {
  /** Default 1000. */
  devices?: number;
  /** QoS1 messages each device publishes; default 10. */
  messagesPerDevice?: number;
  /** Registrations / logins in flight at once; default 50. */
  concurrency?: number;
}

export interface CloudLoadResult {
  devices: number;
  messagesPerDevice: number;
  concurrency: number;
  registrationsPerSec: number;
  loginsPerSec: number;
  publishesPerSec: number;
  registrationFailures: number;
  loginFailures: number;
  messagesSent: number;
  messagesAcked: number;
  /** Distinct messages the cloud saw. */
  messagesReceived: number;
  /** messagesSent − messagesReceived: must be 0. */
  messagesLost: number;
  durationMs: number;
}

const signHal: SignHal = { hash: nodeHashHal.hash, random: { bytes: (n) => new Uint8Array(randomBytes(n)) } };

/** Runs `task(i)` for i in [0, n) with at most `limit` in flight. */
async function pool(n: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

function rate(count: number, ms: number): number {
  return ms > 0 ? Math.round((count / ms) * 1000 * 10) / 10 : 0;
}

function connect(cloud: RunningCloud, pk: string, dn: string, ds: string): Promise<MqttClient> {
  const creds = deviceSecretCredentials(signHal, { productKey: pk, deviceName: dn, deviceSecret: ds });
  if (!creds.ok) return Promise.reject(new Error(creds.error.message));
  const c = creds.value;
  const client = mqtt.connect(`mqtts://127.0.0.1:${cloud.mqttTlsPort}`, {
    clientId: c.clientId,
    username: c.username,
    password: c.password,
    keepalive: c.keepalive,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
    protocolVersion: 4,
    ca: cloud.caPem,
    servername: c.host,
  });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
  });
}

export async function benchCloudLoad(opts: CloudLoadOptions = {}): Promise<CloudLoadResult> {
  const n = opts.devices ?? 1000;
  const perDevice = opts.messagesPerDevice ?? 10;
  const concurrency = opts.concurrency ?? 50;
  const dataDir = mkdtempSync(join(tmpdir(), 'aliot-cloud-load-'));
  // Every simulated device connects from 127.0.0.1: the per-address bound (a guard against one peer) is lifted.
  const cloud = await startCloud({ dataDir, httpsPort: 0, mqttTlsPort: 0, mqttTcpPort: 0, adminPort: 0, mqttLimits: { connectionsPerAddress: Number.MAX_SAFE_INTEGER } });
  const clients: MqttClient[] = [];
  const started = performance.now();
  try {
    const product = cloud.registry.products.add({ dynamicRegistration: true }, Date.now());
    const pk = product.productKey;
    const names = Array.from({ length: n }, (_, i) => `load-${String(i).padStart(6, '0')}`);
    cloud.registry.devices.add(pk, names, Date.now());

    const secrets: (string | null)[] = new Array(n).fill(null);
    let t0 = performance.now();
    await pool(n, concurrency, async (i) => {
      const id = { productKey: pk, deviceName: names[i]! };
      secrets[i] = await registerWithHttps(cloud, id, product.productSecret).catch(() => null);
    });
    const registrationMs = performance.now() - t0;
    const registered = secrets.filter((s) => s !== null).length;

    t0 = performance.now();
    const connected: { client: MqttClient; dn: string }[] = [];
    await pool(n, concurrency, async (i) => {
      const ds = secrets[i];
      if (ds === null) return;
      const client = await connect(cloud, pk, names[i], ds).catch(() => null);
      if (client) {
        clients.push(client);
        connected.push({ client, dn: names[i] });
      }
    });
    const loginMs = performance.now() - t0;

    const seen = new Set<string>();
    const unsubscribe = cloud.events.subscribe((e) => {
      if (e.type === 'published' && e.direction === 'up') seen.add(e.deviceName + '|' + e.preview);
    });
    let sent = 0;
    let acked = 0;
    t0 = performance.now();
    await Promise.all(
      connected.map(async ({ client, dn }) => {
        const topic = `/sys/${pk}/${dn}/thing/event/property/post`;
        await Promise.all(
          Array.from({ length: perDevice }, async (_, k) => {
            const payload = `{"id":"${k}","version":"1.0","params":{"seq":${k}},"method":"thing.event.property.post"}`;
            sent++;
            await client.publishAsync(topic, payload, { qos: 1 });
            acked++;
          }),
        );
      }),
    );
    const publishMs = performance.now() - t0;
    const deadline = Date.now() + 10_000;
    while (seen.size < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    unsubscribe();

    return {
      devices: n,
      messagesPerDevice: perDevice,
      concurrency,
      registrationsPerSec: rate(registered, registrationMs),
      loginsPerSec: rate(connected.length, loginMs),
      publishesPerSec: rate(acked, publishMs),
      registrationFailures: n - registered,
      loginFailures: registered - connected.length,
      messagesSent: sent,
      messagesAcked: acked,
      messagesReceived: seen.size,
      messagesLost: sent - seen.size,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
