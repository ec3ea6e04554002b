// The alternative a Node developer would pick, as the benchmarks' comparison: a device made of Node's https (for
// HTTPS dynamic registration) and the `mqtt` npm client, signing with the same src/auth functions (fed
// node:crypto), reaching the local cloud through the same host map and verifying its certificate like ours.

import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { SecureContext, TLSSocket } from 'node:tls';
import mqtt, { type MqttClient } from 'mqtt';
import { routeFor, type HostMap } from '../../hal/node/host-map';
import { deviceSecretCredentials, dynregHttpsRequest, type SignHal } from '../../src/auth/index';
import { nodeHashHal } from '../cloud/verify';

const signHal: SignHal = { hash: nodeHashHal.hash, random: { bytes: (n) => new Uint8Array(randomBytes(n)) } };

export interface Trust {
  hostMap: HostMap;
  caPem: string;
  /**
   * A TLS context trusting caPem, made once (tls.createSecureContext) and shared by every connection, as hal/node
   * shares one per CA list; absent: `ca: caPem` per connection, a new context each time (mqtt's documented way).
   */
  secureContext?: SecureContext;
}

/** The node:tls options that make a connection trust `trust` (and verify the server; rejectUnauthorized stays on). */
function trustOptions(trust: Trust): { secureContext: SecureContext } | { ca: string } {
  return trust.secureContext ? { secureContext: trust.secureContext } : { ca: trust.caPem };
}

export interface Identity {
  productKey: string;
  deviceName: string;
}

/** HTTPS dynamic registration with node:https; the DeviceSecret, or an error naming what the cloud said. */
export async function registerWithHttps(trust: Trust, id: Identity, productSecret: string): Promise<string> {
  const signed = dynregHttpsRequest(signHal, { ...id, productSecret });
  if (!signed.ok) throw new Error(signed.error.message);
  const r = signed.value.request;
  const route = routeFor(trust.hostMap, r.host, r.port);
  const reply = await new Promise<{ code?: number; data?: { deviceSecret?: string } }>((resolve, reject) => {
    const req = request(
      {
        host: route.host,
        port: route.port,
        servername: r.host,
        ...trustOptions(trust),
        method: 'POST',
        path: r.path,
        agent: false,
        headers: { Host: r.host, ...Object.fromEntries(r.headers), 'Content-Length': String(Buffer.byteLength(r.body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
  const secret = reply.data?.deviceSecret;
  if (reply.code !== 200 || !secret) throw new Error(`registration refused: ${JSON.stringify(reply)}`);
  return secret;
}

export interface MqttJsConnection {
  client: MqttClient;
  /** mqtt.connect() → the TLS handshake done, ms (undefined when the socket could not be watched). */
  tlsMs: number | undefined;
  /** mqtt.connect() → the first bytes from the broker (the CONNACK), ms. */
  firstDataMs: number | undefined;
  /** mqtt.connect() → CONNACK ('connect'), ms. */
  totalMs: number;
}

/** Logs in with the DeviceSecret (securemode 2, TLS) with the mqtt client; rejects on any error. */
export function connectMqttJs(trust: Trust, id: Identity, deviceSecret: string, timeoutMs = 30_000): Promise<MqttJsConnection> {
  const creds = deviceSecretCredentials(nodeHashHal, { ...id, deviceSecret });
  if (!creds.ok) return Promise.reject(new Error(creds.error.message));
  const c = creds.value;
  const route = routeFor(trust.hostMap, c.host, c.port);
  const start = performance.now();
  const client = mqtt.connect(`mqtts://${route.host}:${route.port}`, {
    clientId: c.clientId,
    username: c.username,
    password: c.password,
    keepalive: c.keepalive,
    reconnectPeriod: 0,
    connectTimeout: timeoutMs,
    protocolVersion: 4,
    clean: false,
    ...trustOptions(trust),
    servername: c.host,
  });
  let tlsMs: number | undefined;
  let firstDataMs: number | undefined;
  const stream = client.stream as TLSSocket | undefined;
  stream?.once?.('secureConnect', () => {
    tlsMs = performance.now() - start;
  });
  stream?.once?.('data', () => {
    firstDataMs = performance.now() - start;
  });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve({ client, tlsMs, firstDataMs, totalMs: performance.now() - start }));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}
